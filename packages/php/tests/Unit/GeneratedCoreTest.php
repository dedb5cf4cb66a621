<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Generated\Model\CompletedPart;
use Dilnaka\Generated\Model\CompleteRequest;
use Dilnaka\Generated\Model\File;
use Dilnaka\Generated\Model\PresignRequest;
use Dilnaka\Generated\Model\UploadPartList;
use Dilnaka\Generated\ObjectSerializer;
use Dilnaka\Tests\Support\MockApi;
use PHPUnit\Framework\TestCase;

/**
 * The generated core (openapi-generator `php`, models only since the facade is the HTTP client) runs
 * on the Guzzle 7.4 / PSR-7 2.4 that Debian ships, which is what composer.json's requirements
 * promise: its serializer turns the SDK's request models into the wire's JSON and reads answers back.
 */
final class GeneratedCoreTest extends TestCase
{
    public function testTheSerializerRoundTripsTheMultipartModels(): void
    {
        $request = new CompleteRequest(['fileId' => 'file_9', 'parts' => [new CompletedPart(['partNumber' => 1, 'etag' => '"e1"'])]]);
        self::assertSame(
            '{"fileId":"file_9","parts":[{"partNumber":1,"etag":"\\"e1\\""}]}',
            json_encode(ObjectSerializer::sanitizeForSerialization($request), JSON_UNESCAPED_SLASHES),
        );

        $list = ObjectSerializer::deserialize((object) ['fileId' => 'file_9', 'uploadId' => 'u1', 'partSize' => 5242880, 'partCount' => 2, 'size' => 6000000, 'parts' => [(object) ['partNumber' => 1, 'etag' => '"e1"', 'size' => 5242880]]], UploadPartList::class);
        self::assertInstanceOf(UploadPartList::class, $list);
        self::assertSame(5242880, $list->getParts()[0]->getSize());
        $file = ObjectSerializer::deserialize((object) MockApi::file('file_9'), File::class);
        self::assertSame(['file_9', 94], [$file->getFileId(), $file->getSize()]);
    }

    public function testTheModelsCarryTheSpecConstraints(): void
    {
        $request = new PresignRequest(['filename' => '', 'contentType' => 'text/plain', 'size' => -1]);
        $problems = implode(' ', $request->listInvalidProperties());
        self::assertStringContainsString("'filename'", $problems);
        self::assertStringContainsString("'size'", $problems);
    }
}
