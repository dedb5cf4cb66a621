<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Retry;
use Dilnaka\Tests\Support\DevServer;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/** End to end against the dev server and its real S3-compatible store. */
abstract class E2eTestCase extends TestCase
{
    protected static DevServer $server;
    /** @var list<string> temp dirs made by tempFile(), removed after the class */
    private static array $tempDirs = [];

    public static function setUpBeforeClass(): void
    {
        self::$server = DevServer::shared();
    }

    public static function tearDownAfterClass(): void
    {
        // Leave no armed fault or changed usage behind for the next class.
        self::$server->dev('DELETE', '/__dev/faults');
        self::$server->dev('POST', '/__dev/usage', ['bandwidthBytes' => 0, 'storageBytes' => 0, 'plan' => 'free']);
        foreach (self::$tempDirs as $dir) {
            exec('rm -rf ' . escapeshellarg($dir));
        }
        self::$tempDirs = [];
    }

    /**
     * @param string|null $apiFault an X-Dilnaka-Fault value added to API requests (never to storage)
     * @param list<RequestInterface> $sent receives every request that went out
     */
    protected static function client(?string $apiFault = null, array &$sent = [], ?Retry $retry = null, float $timeout = 30): Dilnaka
    {
        $stack = HandlerStack::create();
        $api = parse_url(self::$server->baseUrl);
        $stack->push(Middleware::mapRequest(static function (RequestInterface $r) use ($apiFault, $api, &$sent): RequestInterface {
            $toApi = $r->getUri()->getPort() === ($api['port'] ?? null);
            if ($apiFault !== null && $toApi) {
                $r = $r->withHeader('X-Dilnaka-Fault', $apiFault);
            }
            $sent[] = $r;
            return $r;
        }));
        return new Dilnaka(apiKey: self::$server->apiKey, baseUrl: self::$server->baseUrl, timeout: $timeout, handler: $stack, retry: $retry, envFile: '/nonexistent/.env');
    }

    /** Downloads a URL with curl, hashing as it goes (no copy in memory). */
    protected static function sha256OfUrl(string $url): string
    {
        $hash = hash_init('sha256');
        $curl = curl_init($url);
        curl_setopt($curl, CURLOPT_WRITEFUNCTION, static function ($c, string $data) use ($hash): int {
            hash_update($hash, $data);
            return strlen($data);
        });
        curl_setopt($curl, CURLOPT_FAILONERROR, true);
        self::assertTrue(curl_exec($curl), 'download failed: ' . curl_error($curl));
        curl_close($curl);
        return hash_final($hash);
    }

    protected static function download(string $url): string
    {
        $body = file_get_contents($url);
        self::assertIsString($body);
        return $body;
    }

    protected static function tempDir(): string
    {
        $dir = sys_get_temp_dir() . '/dilnaka-php-' . bin2hex(random_bytes(4));
        mkdir($dir);
        self::$tempDirs[] = $dir;
        return $dir;
    }

    protected static function tempFile(string $contents, string $name = 'e2e.txt'): string
    {
        $dir = self::tempDir();
        file_put_contents("$dir/$name", $contents);
        return "$dir/$name";
    }
}
