<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use GuzzleHttp\Client;

/**
 * examples/upload-route-server.php under `php -S`, as documented, over real HTTP: CORS for a
 * loopback page, a whole upload, a refusal, 405.
 */
final class UploadRouteExampleTest extends UploadRouteTestCase
{
    private const PAGE = 'http://127.0.0.1:5173';

    /** @var resource|null */
    private static $process = null;
    private static string $url = '';

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        $port = self::freePort();
        $env = getenv() + ['DILNAKA_API_KEY' => '', 'DILNAKA_BASE_URL' => '', 'DILNAKA_ROUTE_TOKEN_SECRET' => ''];
        $env = ['DILNAKA_API_KEY' => self::$server->apiKey, 'DILNAKA_BASE_URL' => self::$server->baseUrl, 'DILNAKA_ROUTE_TOKEN_SECRET' => self::SECRET, 'PORT' => (string) $port] + $env;
        $script = dirname(__DIR__, 2) . '/examples/upload-route-server.php';
        self::$process = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", $script], [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, sys_get_temp_dir(), $env);
        self::$url = "http://127.0.0.1:$port/api/upload";
        for ($i = 0; $i < 100 && @fsockopen('127.0.0.1', $port) === false; $i++) {
            usleep(100_000);
        }
    }

    public static function tearDownAfterClass(): void
    {
        if (self::$process !== null) {
            proc_terminate(self::$process);
            proc_close(self::$process);
            self::$process = null;
        }
        parent::tearDownAfterClass();
    }

    private static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        self::assertIsResource($socket);
        $port = (int) substr((string) strrchr((string) stream_socket_get_name($socket, false), ':'), 1);
        fclose($socket);
        return $port;
    }

    /**
     * @param array<string, mixed>|null $json
     * @param array<string, string> $headers
     * @return array{0: int, 1: mixed, 2: \Psr\Http\Message\ResponseInterface}
     */
    private static function call(string $method, ?array $json = null, array $headers = []): array
    {
        $response = (new Client(['http_errors' => false]))->request($method, self::$url, ['headers' => $headers] + ($json !== null ? ['json' => $json] : []));
        return [$response->getStatusCode(), json_decode((string) $response->getBody(), true), $response];
    }

    public function testTheExampleUploadsForALoopbackPage(): void
    {
        [$status, , $preflight] = self::call('OPTIONS', null, ['Origin' => self::PAGE, 'Access-Control-Request-Method' => 'POST']);
        self::assertSame([204, self::PAGE], [$status, $preflight->getHeaderLine('Access-Control-Allow-Origin')]);

        $bytes = 'from the page';
        [$status, $body, $response] = self::call('POST', ['type' => 'presign', 'filename' => 'page.txt', 'contentType' => 'text/plain', 'size' => strlen($bytes)], ['Origin' => self::PAGE]);
        self::assertSame(200, $status, json_encode($body));
        self::assertSame(self::PAGE, $response->getHeaderLine('Access-Control-Allow-Origin'));
        self::put($body['upload'], $bytes);
        [$status, $done] = self::call('POST', ['type' => 'complete', 'fileId' => $body['fileId'], 'token' => $body['token']], ['Origin' => self::PAGE]);

        self::assertSame(200, $status, json_encode($done));
        self::assertStringStartsWith('browser-uploads/', $done['file']['key']);
        self::assertSame(['uploadedVia' => 'upload-route-server.php'], $done['file']['metadata']);
        self::assertSame('uploaded', self::client()->getFile($body['fileId'])->status);
    }

    public function testTheExampleRefusesAndAnswersOnlyPost(): void
    {
        [$status, $body] = self::call('POST', ['type' => 'presign', 'filename' => 'setup.exe', 'contentType' => 'application/octet-stream', 'size' => 5]);
        self::assertSame([403, 'upload_refused'], [$status, $body['error']]);

        [$status, $body, $response] = self::call('GET', null, ['Origin' => 'https://elsewhere.example']);
        self::assertSame([405, 'method_not_allowed', 'POST'], [$status, $body['error'], $response->getHeaderLine('Allow')]);
        self::assertFalse($response->hasHeader('Access-Control-Allow-Origin'), 'only loopback pages');
    }
}
