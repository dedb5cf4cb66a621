<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Generated\Api\FilesApi;
use Dilnaka\Generated\Configuration;
use Dilnaka\Generated\Model\File;
use Dilnaka\Generated\Model\PresignRequest;
use Dilnaka\Tests\Support\MockApi;
use GuzzleHttp\Client;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use PHPUnit\Framework\TestCase;

/**
 * The generated core (openapi-generator `php`) runs on the Guzzle 7.4 / PSR-7 2.4 that Debian
 * ships, which is what composer.json's requirements promise. The facade uses its models; this
 * proves the rest of it (API classes, serializer) works here too.
 */
final class GeneratedCoreTest extends TestCase
{
    public function testTheGeneratedFilesApiWorksOnDebiansGuzzle(): void
    {
        $history = [];
        $stack = HandlerStack::create(new MockHandler([MockApi::json(200, MockApi::file('file_9'))]));
        $stack->push(Middleware::history($history));
        $config = (new Configuration())->setHost('http://api.test')->setAccessToken('dlk_dev_generated0000');

        $file = (new FilesApi(new Client(['handler' => $stack]), $config))->getFile('file_9');

        self::assertInstanceOf(File::class, $file);
        self::assertSame('file_9', $file->getFileId());
        self::assertSame(94, $file->getSize());
        self::assertSame('http://api.test/v1/files/file_9', (string) $history[0]['request']->getUri());
        self::assertSame('Bearer dlk_dev_generated0000', $history[0]['request']->getHeaderLine('Authorization'));
    }

    public function testTheModelsCarryTheSpecConstraints(): void
    {
        $request = new PresignRequest(['filename' => '', 'contentType' => 'text/plain', 'size' => -1]);
        $problems = implode(' ', $request->listInvalidProperties());
        self::assertStringContainsString("'filename'", $problems);
        self::assertStringContainsString("'size'", $problems);
    }
}
