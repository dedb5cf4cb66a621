<?php

declare(strict_types=1);

/*
 * Static checks that need nothing from Packagist (PHPStan is not packaged for Debian 12):
 * `php -l` on every PHP file of the package, and `declare(strict_types=1)` in every handwritten one.
 * Usage: php tools/lint.php   (exit 1 on the first kind of failure, listing every offender)
 */

$root = dirname(__DIR__);
$handwritten = ['src', 'tests', 'bench', 'tools'];
$failures = [];
$count = 0;

foreach (array_merge($handwritten, ['generated']) as $dir) {
    if (!is_dir("$root/$dir")) {
        continue;
    }
    $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator("$root/$dir", FilesystemIterator::SKIP_DOTS));
    foreach ($files as $file) {
        if ($file->getExtension() !== 'php') {
            continue;
        }
        $path = $file->getPathname();
        $count++;
        exec(escapeshellarg(PHP_BINARY) . ' -l ' . escapeshellarg($path) . ' 2>&1', $output, $code);
        if ($code !== 0) {
            $failures[] = implode("\n", $output);
        }
        $output = [];
        if (in_array($dir, $handwritten, true) && !preg_match('/^<\?php\s+(\/\*.*?\*\/\s*)?declare\(strict_types=1\);/s', (string) file_get_contents($path))) {
            $failures[] = "$path: missing declare(strict_types=1) right after <?php";
        }
    }
}

if ($failures !== []) {
    fwrite(STDERR, implode("\n", $failures) . "\n");
    exit(1);
}
echo "lint: $count PHP files parse; every handwritten file declares strict_types\n";
