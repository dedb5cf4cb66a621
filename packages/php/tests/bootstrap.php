<?php

declare(strict_types=1);

// Packagist is unreachable on the machines that run these tests: Guzzle and its PSR packages come
// from Debian (php-guzzlehttp-guzzle), PHPUnit from the phpunit package, and `composer dump-autoload`
// builds vendor/autoload.php for this package's own classes (src/, generated/, tests/).
foreach (['GuzzleHttp/autoload.php', 'GuzzleHttp/Psr7/autoload.php', 'GuzzleHttp/Promise/autoload.php'] as $debian) {
    if (stream_resolve_include_path($debian) !== false) {
        require_once $debian;
    }
}
$composer = dirname(__DIR__) . '/vendor/autoload.php';
if (!is_file($composer)) {
    fwrite(STDERR, "vendor/autoload.php is missing: run `composer dump-autoload` in packages/php (scripts/setup.sh does).\n");
    exit(1);
}
$loader = require $composer;
// Whether dump-autoload ran in dev mode or not, the test helpers load.
$loader->addPsr4('Dilnaka\\Tests\\', __DIR__);
