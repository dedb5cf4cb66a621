<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Route\UploadPolicy;
use Dilnaka\Route\UploadRefused;

/**
 * UploadRoute (spec/upload-route.yaml) against the dev server and its real store: presign through
 * the route, PUT to storage, complete through the route; multipart; the policy refusing before any
 * presign; Dilnaka's errors passed through; 405.
 */
final class UploadRouteTest extends UploadRouteTestCase
{
    public function testPresignPutCompleteThroughTheRoute(): void
    {
        $route = $this->route(new UploadPolicy(allowedContentTypes: ['text/*'], maxSize: 1024, folder: 'e2e/php-route'));
        $bytes = 'hello from the browser';
        [$status, $body] = self::post($route, ['type' => 'presign', 'filename' => 'hello.txt', 'contentType' => 'text/plain', 'size' => strlen($bytes), 'clientPayload' => '{"album":"a1"}']);

        self::assertSame(200, $status, json_encode($body));
        self::assertSame(['presign', null, 'PUT'], [$body['type'], $body['multipart'], $body['upload']['method']]);
        self::assertStringNotContainsString(self::$server->apiKey, json_encode($body), 'nothing the page receives carries the key');
        self::assertSame('{"album":"a1"}', $this->intents[0]->clientPayload);
        self::assertSame('POST', $this->intents[0]->request->getMethod());
        self::put($body['upload'], $bytes);

        [$status, $done] = self::post($route, ['type' => 'complete', 'fileId' => $body['fileId'], 'token' => $body['token']]);

        self::assertSame(200, $status, json_encode($done));
        self::assertSame(['complete', $body['fileId'], 'uploaded', strlen($bytes)], [$done['type'], $done['file']['fileId'], $done['file']['status'], $done['file']['size']]);
        self::assertStringStartsWith('e2e/php-route/', $done['file']['key']);
        self::assertSame([$body['fileId']], array_map(static fn ($f) => $f->id, $this->completed));
        self::assertSame('{"album":"a1"}', $this->completions[0]->clientPayload, 'carried by the token');
        $listed = array_map(static fn ($f) => $f->id, iterator_to_array(self::client()->listFiles(), false));
        self::assertContains($body['fileId'], $listed, 'listed as uploaded');
        self::assertSame(hash('sha256', $bytes), self::sha256OfUrl(self::client()->getFileAccessUrl($body['fileId'], 60)->url));
    }

    public function testMultipartThroughTheRoute(): void
    {
        $bytes = str_repeat(implode('', array_map('chr', range(0, 255))), 12 * self::MIB / 256); // 12 MiB: 3 parts of 5 MiB
        $route = $this->route(new UploadPolicy(folder: 'e2e/php-route', multipartThreshold: 8 * self::MIB, partSize: 5 * self::MIB));
        [$status, $body] = self::post($route, ['type' => 'presign', 'filename' => 'big.bin', 'contentType' => 'application/octet-stream', 'size' => strlen($bytes)]);
        self::assertSame(200, $status, json_encode($body));
        self::assertNull($body['upload']);
        self::assertSame(['partSize' => 5 * self::MIB, 'partCount' => 3], $body['multipart']);

        [$status, $urls] = self::post($route, ['type' => 'presignParts', 'fileId' => $body['fileId'], 'token' => $body['token'], 'partNumbers' => [1, 2, 3]]);
        self::assertSame(200, $status, json_encode($urls));
        $parts = [];
        foreach ($urls['parts'] as $part) {
            $n = $part['partNumber'];
            $answer = self::put($part, substr($bytes, ($n - 1) * 5 * self::MIB, 5 * self::MIB));
            $parts[] = ['partNumber' => $n, 'etag' => $answer->getHeaderLine('ETag')];
        }

        [$status, $done] = self::post($route, ['type' => 'complete', 'fileId' => $body['fileId'], 'token' => $body['token'], 'parts' => $parts]);

        self::assertSame(200, $status, json_encode($done));
        self::assertSame([strlen($bytes), 'uploaded'], [$done['file']['size'], $done['file']['status']]);
        self::assertCount(1, $this->completed);
        self::assertSame(hash('sha256', $bytes), self::sha256OfUrl(self::client()->getFileAccessUrl($body['fileId'], 60)->url));
    }

    public function testAbortThroughTheRouteFreesTheUpload(): void
    {
        $route = $this->route(new UploadPolicy(folder: 'e2e/php-route', multipartThreshold: 1, partSize: 5 * self::MIB));
        [, $body] = self::post($route, ['type' => 'presign', 'filename' => 'gone.bin', 'contentType' => 'application/octet-stream', 'size' => 6 * self::MIB]);
        self::assertContains($body['fileId'], self::allFileIds(), 'a presign reserves a pending file: this listing sees it');

        [$status, $aborted] = self::post($route, ['type' => 'abort', 'fileId' => $body['fileId'], 'token' => $body['token']]);

        self::assertSame([200, ['type' => 'abort', 'fileId' => $body['fileId'], 'aborted' => true]], [$status, $aborted]);
        self::assertNotContains($body['fileId'], self::allFileIds());
    }

    /** @return iterable<string, array{0: array<string, mixed>, 1: int, 2: string, 3: string}> */
    public static function refusedBeforePresign(): iterable
    {
        yield 'type' => [['filename' => 'clip.mp4', 'contentType' => 'video/mp4', 'size' => 10], 415, 'content_type_refused', 'video/mp4 is not accepted here; allowed are image/png, image/*.'];
        yield 'size' => [['filename' => 'huge.png', 'contentType' => 'image/png', 'size' => 48 * self::MIB], 413, 'file_too_large', 'huge.png is 48.0 MiB; this route accepts at most 10.0 MiB.'];
    }

    /**
     * @dataProvider refusedBeforePresign
     * @param array<string, mixed> $announced
     */
    public function testThePolicyRefusesBeforeAnyPresign(array $announced, int $status, string $code, string $message): void
    {
        $route = $this->route(new UploadPolicy(allowedContentTypes: ['image/png', 'image/*'], maxSize: 10 * self::MIB));
        $before = self::allFileIds();

        [$got, $body] = self::post($route, ['type' => 'presign'] + $announced);

        self::assertSame([$status, ['success' => false, 'error' => $code, 'message' => $message]], [$got, $body]);
        self::assertCount(1, $this->intents, 'the policy was asked…');
        self::assertSame($before, self::allFileIds(), '…and nothing was reserved: the API saw no presign');
    }

    public function testARefusalOfThePolicyIs403WithItsMessage(): void
    {
        $route = $this->route(new UploadRefused('Only members may upload here.'));
        $before = self::allFileIds();

        [$status, $body] = self::post($route, ['type' => 'presign', 'filename' => 'a.png', 'contentType' => 'image/png', 'size' => 1]);

        self::assertSame([403, ['success' => false, 'error' => 'upload_refused', 'message' => 'Only members may upload here.']], [$status, $body]);
        self::assertSame($before, self::allFileIds());
    }

    public function testAChecksumIsSignedIntoTheUploadUrl(): void
    {
        $bytes = 'checked bytes';
        $checksum = base64_encode(hash('sha256', $bytes, true));
        $route = $this->route();
        [, $body] = self::post($route, ['type' => 'presign', 'filename' => 'c.txt', 'contentType' => 'text/plain', 'size' => strlen($bytes), 'checksumSha256' => $checksum]);

        self::assertSame($checksum, $body['upload']['headers']['x-amz-checksum-sha256'] ?? null);
        $refused = (new \GuzzleHttp\Client(['http_errors' => false]))->put($body['upload']['url'], ['headers' => $body['upload']['headers'], 'body' => 'checked bytez']);
        self::assertSame(400, $refused->getStatusCode());
        self::assertStringContainsString('BadDigest', (string) $refused->getBody(), 'storage refuses other bytes');
        self::put($body['upload'], $bytes);
        self::assertSame(200, self::post($route, ['type' => 'complete', 'fileId' => $body['fileId'], 'token' => $body['token']])[0]);
    }

    public function testApiErrorsPassThroughWithStatusCodeAndRetryAfter(): void
    {
        self::$server->dev('POST', '/__dev/faults', ['target' => 'api', 'operation' => 'createPresignedUpload', 'status' => 429, 'retryAfter' => 3, 'times' => 3]);
        $route = $this->route(null, self::client(retry: new \Dilnaka\Retry(0)));

        [$status, $body, $response] = self::post($route, ['type' => 'presign', 'filename' => 'a.txt', 'contentType' => 'text/plain', 'size' => 1]);
        self::$server->dev('DELETE', '/__dev/faults');

        self::assertSame([429, false, 'rate_limited'], [$status, $body['success'], $body['error']]);
        self::assertSame('3', $response->getHeaderLine('Retry-After'));
    }

    public function test405WithAllowForAnyOtherMethod(): void
    {
        [$status, $body, $response] = self::post($this->route(), [], 'GET');

        self::assertSame([405, ['success' => false, 'error' => 'method_not_allowed', 'message' => 'The upload route only answers POST.']], [$status, $body]);
        self::assertSame('POST', $response->getHeaderLine('Allow'));
        self::assertSame([], $this->intents);
    }
}
