<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Contract;

use Dilnaka\Errors\QuotaExceededException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Integrity\Sha256;
use Dilnaka\Upload\Source;
use GuzzleHttp\Handler\CurlMultiHandler;
use GuzzleHttp\Promise\Create;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/**
 * The checksum fields and download against the spec's mock: Prism refuses a request whose new
 * fields (checksumSha256, checksumAlgorithm, checksums, parts[].checksumSha256) break the contract.
 * Prism's storage URL is not a real store: its PUTs and GETs are answered here.
 */
final class IntegrityTest extends PrismTestCase
{
    /** @param list<RequestInterface> $store receives the storage requests */
    private static function handler(array &$store, string $body = '', ?string $preferOnAccessUrl = null): callable
    {
        $curl = new CurlMultiHandler();
        return static function (RequestInterface $request, array $options) use ($curl, &$store, $body, $preferOnAccessUrl) {
            if ($request->getUri()->getHost() !== 's3-presigned-url') {
                $toAccess = $preferOnAccessUrl !== null && str_ends_with($request->getUri()->getPath(), '/access-url');
                return $curl($toAccess ? $request->withHeader('Prefer', $preferOnAccessUrl) : $request, $options);
            }
            $store[] = $request;
            if ($request->getMethod() === 'GET') {
                $response = new Response(200, ['Content-Length' => (string) strlen($body)]);
                $options['on_headers']($response);
                $options['sink']->write($body);
                return Create::promiseFor($response);
            }
            return Create::promiseFor(new Response(200, ['ETag' => '"e1"']));
        };
    }

    public function testBytesAreUploadedWithTheirChecksumInThePresign(): void
    {
        $store = [];
        $sent = [];
        $file = self::client(null, $sent, self::handler($store))->upload(Source::bytes('checked bytes', 'a.txt'));
        self::assertSame('uploaded', $file->status);
        self::assertSame(Sha256::ofBytes('checked bytes'), json_decode((string) $sent[0]->getBody(), true)['checksumSha256']);
    }

    public function testTheLowerLevelCallsTakeTheChecksumFields(): void
    {
        $sum = Sha256::ofBytes('part one');
        $client = self::client();
        self::assertSame('clx_file_id', $client->createPresignedUpload('a.txt', 'text/plain', 8, checksumSha256: $sum)->fileId);
        self::assertSame('clx_file_id', $client->createMultipartUpload('v.mp4', 'video/mp4', 6442450944, checksumAlgorithm: 'SHA256')->fileId);
        self::assertSame(1, $client->presignUploadParts('clx_file_id', [1], [1 => $sum])[0]->partNumber);
        self::assertSame('uploaded', $client->completeUpload('clx_file_id', [['partNumber' => 1, 'etag' => '"e1"', 'checksumSha256' => $sum]])->status);
    }

    public function testAMalformedChecksumIsRefusedBeforeAnyRequest(): void
    {
        $sent = [];
        try {
            self::client(null, $sent)->createPresignedUpload('a.txt', 'text/plain', 8, checksumSha256: 'not-base64');
            self::fail('accepted');
        } catch (ValidationException $e) {
            self::assertStringContainsString('checksumSha256', $e->getMessage());
        }
        self::assertSame([], $sent);
    }

    public function testDownloadReadsTheFileAndItsAccessUrlFromTheContract(): void
    {
        $store = [];
        $sent = [];
        $client = self::client(null, $sent, self::handler($store, str_repeat('d', 94)));
        $file = $client->getFile('clx_file_id');
        $result = $client->downloadBytes('clx_file_id');
        self::assertSame([$file->size, 1], [strlen($result), count(array_filter($store, static fn ($r) => $r->getMethod() === 'GET'))]);
        self::assertSame(['/v1/files/clx_file_id', '/v1/files/clx_file_id', '/v1/files/clx_file_id/access-url'], array_map(static fn ($r) => $r->getUri()->getPath(), array_values(array_filter($sent, static fn ($r) => $r->getUri()->getHost() !== 's3-presigned-url'))));
    }

    public function testDownloadSurfacesTheBandwidthErrorAndWarning(): void
    {
        $store = [];
        $sent = [];
        $dir = sys_get_temp_dir() . '/dilnaka-contract-' . bin2hex(random_bytes(4));
        mkdir($dir);
        try {
            $result = self::client(null, $sent, self::handler($store, str_repeat('d', 94), 'example=bandwidth_overage_active'))->download('clx_file_id', "$dir/a.bin");
            self::assertSame(['bandwidth_overage_active', 94], [$result->warning, filesize("$dir/a.bin")]);
            self::assertNotSame('', (string) $result->warningMessage);
            try {
                self::client(null, $sent, self::handler($store, '', 'code=402'))->download('clx_file_id', "$dir/b.bin");
                self::fail('no 402');
            } catch (QuotaExceededException $e) {
                self::assertSame(402, $e->status);
                self::assertFalse(file_exists("$dir/b.bin"));
            }
        } finally {
            exec('rm -rf ' . escapeshellarg($dir));
        }
    }
}
