<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Errors\NotFoundException;
use Dilnaka\Upload\Source;
use GuzzleHttp\Psr7\NoSeekStream;
use GuzzleHttp\Psr7\Utils;

/** Each kind of source reaches the real store byte for byte, and the file lifecycle around it. */
final class UploadSourcesTest extends E2eTestCase
{
    public function testEverySourceKindRoundTrips(): void
    {
        $path = self::tempFile("line one\nline two\n", 'notes.txt');
        $resource = fopen('php://temp', 'w+b');
        fwrite($resource, 'HEADER|resource body');
        fseek($resource, 7);
        $cases = [
            'path' => [$path, null, "line one\nline two\n", 'notes.txt', 'text/plain'],
            'bytes' => [Source::bytes("\x89PNG\r\n\x1a\n" . random_bytes(1000), 'pixel.png'), null, null, 'pixel.png', 'image/png'],
            'resource from its position' => [$resource, 'tail.bin', 'resource body', 'tail.bin', 'application/octet-stream'],
            'psr-7 stream' => [Utils::streamFor('{"a":1}'), 'data.json', '{"a":1}', 'data.json', 'application/json'],
            'unseekable stream' => [new NoSeekStream(Utils::streamFor(str_repeat('z', 70000))), 'z.txt', str_repeat('z', 70000), 'z.txt', 'text/plain'],
            'empty file' => [self::tempFile('', 'empty.txt'), null, '', 'empty.txt', 'text/plain'],
        ];
        $client = self::client();
        foreach ($cases as $name => [$source, $filename, $expected, $originalName, $type]) {
            if ($expected === null) {
                $expected = (string) $source->stream;
            }
            $file = $client->upload($source, filename: $filename, folder: 'e2e/sources');
            self::assertSame('uploaded', $file->status, $name);
            self::assertSame(strlen($expected), $file->size, $name);
            self::assertSame($originalName, $file->originalName, $name);
            self::assertSame($type, $file->contentType, $name);
            self::assertStringStartsWith('e2e/sources/', $file->key, $name);
            self::assertSame($expected, self::download($client->getFileAccessUrl($file->id, expiresIn: 60)->url), $name);
        }
    }

    public function testLifecycleGetListAccessDelete(): void
    {
        $client = self::client();
        $file = $client->upload(Source::bytes('lifecycle', 'life.txt'), metadata: ['owner' => 'php-e2e']);
        self::assertSame(['owner' => 'php-e2e'], $file->metadata);

        $fetched = $client->getFile($file->id);
        self::assertEquals($file, $fetched);

        $ids = [];
        foreach ($client->listFiles(limit: 2) as $listed) {
            $ids[] = $listed->id;
        }
        self::assertContains($file->id, $ids);
        self::assertSame(count($ids), count(array_unique($ids)), 'pages do not repeat files');

        $access = $client->getFileAccessUrl($file->id, expiresIn: 600);
        self::assertSame($file->id, $access->fileId);
        self::assertSame(600, $access->expiresIn);
        self::assertTrue($access->isTemporary);
        self::assertNull($access->warning);

        $deleted = $client->deleteFile($file->id);
        self::assertTrue($deleted->deleted);
        self::assertSame($file->id, $deleted->fileId);
        $this->expectException(NotFoundException::class);
        $client->getFile($file->id);
    }

    public function testListFilesWalksSeveralPages(): void
    {
        $client = self::client();
        $mine = [];
        for ($i = 0; $i < 5; $i++) {
            $mine[] = $client->upload(Source::bytes("page $i", "page-$i.txt"), folder: 'e2e/pages')->id;
        }
        $sent = [];
        $paging = self::client(null, $sent);
        $seen = array_map(static fn ($f) => $f->id, iterator_to_array($paging->listFiles(limit: 2), false));
        self::assertEmpty(array_diff($mine, $seen));
        self::assertGreaterThanOrEqual(3, count($sent), 'at least 3 pages of 2');
        self::assertStringContainsString('cursor=', $sent[1]->getUri()->getQuery());
    }
}
