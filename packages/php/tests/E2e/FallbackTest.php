<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Tests\Support\DevServer;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use GuzzleHttp\Psr7\NoSeekStream;
use GuzzleHttp\Psr7\Utils;
use Psr\Http\Message\RequestInterface;

/** A backend without the multipart extension (dev server --no-multipart): upload() falls back to one PUT. */
final class FallbackTest extends MultipartTestCase
{
    private static DevServer $plain;

    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        self::$plain = DevServer::start(['--no-multipart']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$plain->stop();
        parent::tearDownAfterClass();
    }

    /** @param list<string> $sent receives "METHOD path" of every request */
    private static function plainClient(array &$sent): Dilnaka
    {
        $stack = HandlerStack::create();
        $stack->push(Middleware::mapRequest(static function (RequestInterface $r) use (&$sent): RequestInterface {
            $sent[] = $r->getMethod() . ' ' . $r->getUri()->getPath();
            return $r;
        }));
        return new Dilnaka(apiKey: self::$plain->apiKey, baseUrl: self::$plain->baseUrl, timeout: 30, handler: $stack, envFile: '/nonexistent/.env');
    }

    public function testAFileAboveTheThresholdIsOnePut(): void
    {
        $path = self::bigFile(12 * self::MIB);
        $sent = [];
        $client = self::plainClient($sent);
        $file = $client->upload($path, multipartThreshold: 8 * self::MIB, partSize: 5 * self::MIB);

        self::assertSame(['uploaded', 12 * self::MIB], [$file->status, $file->size]);
        self::assertSame(['POST /v1/uploads/multipart', 'POST /v1/uploads/presign', 'PUT', 'POST /v1/uploads/complete'], self::simplified($sent));
        self::assertSame(hash_file('sha256', $path), self::sha256OfUrl($client->getFileAccessUrl($file->id)->url));
    }

    public function testAStreamOfUnknownSizeIsSpooledIntoOnePut(): void
    {
        $path = self::bigFile(11 * self::MIB + 7);
        $sent = [];
        $client = self::plainClient($sent);
        $file = $client->upload(new NoSeekStream(Utils::streamFor(fopen($path, 'rb'))), filename: 'pipe.bin', partSize: 5 * self::MIB);

        self::assertSame(11 * self::MIB + 7, $file->size);
        self::assertSame(['POST /v1/uploads/multipart', 'POST /v1/uploads/presign', 'PUT', 'POST /v1/uploads/complete'], self::simplified($sent));
        self::assertSame(hash_file('sha256', $path), self::sha256OfUrl($client->getFileAccessUrl($file->id)->url));
    }

    /**
     * @param list<string> $sent
     * @return list<string> the storage PUT as plain "PUT"
     */
    private static function simplified(array $sent): array
    {
        return array_map(static fn (string $s): string => str_starts_with($s, 'PUT ') ? 'PUT' : $s, $sent);
    }
}
