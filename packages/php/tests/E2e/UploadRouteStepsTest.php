<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Route\UploadPolicy;
use Dilnaka\Route\UploadRoute;

/**
 * The route's step rules against the dev server, as the TypeScript helper answers them: the token's
 * kind decides which steps it may take, a completed upload turns every later step into token_used,
 * a failing onUploadCompleted is a 500 after the file is stored, and the route's own key being
 * refused is the operator's 502, not the visitor's 401.
 */
final class UploadRouteStepsTest extends UploadRouteTestCase
{
    private function multipartRoute(): UploadRoute
    {
        return $this->route(new UploadPolicy(folder: 'e2e/php-route-steps', multipartThreshold: 5 * self::MIB, partSize: 5 * self::MIB));
    }

    /** @return array<string, mixed> */
    private static function multipart(UploadRoute $route): array
    {
        [, $body] = self::post($route, ['type' => 'presign', 'filename' => 'm.bin', 'contentType' => 'application/octet-stream', 'size' => 6 * self::MIB]);
        self::assertSame(['partSize' => 5 * self::MIB, 'partCount' => 2], $body['multipart']);
        return $body;
    }

    public function testTheTokensKindDecidesTheStepsShape(): void
    {
        $route = $this->multipartRoute();
        $single = $this->uploadedButNotCompleted($route);
        $parted = self::multipart($route);

        $answers = array_map(static fn (array $step): array => array_slice(self::post($route, $step), 0, 2), [
            ['type' => 'presignParts', 'fileId' => $single['fileId'], 'token' => $single['token'], 'partNumbers' => [1]],
            ['type' => 'complete', 'fileId' => $single['fileId'], 'token' => $single['token'], 'parts' => [['partNumber' => 1, 'etag' => 'x']]],
            ['type' => 'complete', 'fileId' => $parted['fileId'], 'token' => $parted['token']],
        ]);

        self::assertSame([
            [400, 'invalid_request', 'This upload is a single PUT: it has no parts to presign.'],
            [400, 'invalid_request', 'A single-PUT upload completes without `parts`.'],
            [400, 'invalid_request', "A multipart upload completes with `parts`: every part's number and ETag."],
        ], array_map(static fn (array $a): array => [$a[0], $a[1]['error'], $a[1]['message']], $answers));
        self::assertSame('pending', self::client()->getFile($single['fileId'])->status);
        self::assertSame([], $this->completed);
    }

    public function testAfterCompleteEveryStepOfTheTokenIsTokenUsed(): void
    {
        $route = $this->multipartRoute();
        $body = self::multipart($route);
        $token = ['fileId' => $body['fileId'], 'token' => $body['token']];
        [, $urls] = self::post($route, ['type' => 'presignParts', 'partNumbers' => [1, 2]] + $token);
        $parts = [];
        foreach ($urls['parts'] as $i => $part) {
            $answer = self::put($part, str_repeat('p', $i === 0 ? 5 * self::MIB : self::MIB));
            $parts[] = ['partNumber' => $part['partNumber'], 'etag' => $answer->getHeaderLine('ETag')];
        }
        self::assertSame(200, self::post($route, ['type' => 'complete', 'parts' => $parts] + $token)[0]);

        $later = [
            self::post($route, ['type' => 'presignParts', 'partNumbers' => [1]] + $token),
            self::post($route, ['type' => 'abort'] + $token),
            self::post($route, ['type' => 'complete', 'parts' => $parts] + $token),
        ];

        self::assertSame(array_fill(0, 3, [403, 'token_used']), array_map(static fn (array $a): array => [$a[0], $a[1]['error']], $later));
        self::assertSame('uploaded', self::client()->getFile($body['fileId'])->status);
        self::assertCount(1, $this->completed);
    }

    public function testAFailingOnUploadCompletedIsA500AfterTheFileIsStored(): void
    {
        $route = new UploadRoute(self::client(), self::SECRET, static fn () => null, static function (): never {
            throw new \RuntimeException("the app's database is down");
        });
        $body = $this->uploadedButNotCompleted($route);
        $log = tempnam(sys_get_temp_dir(), 'route-log');
        $saved = ini_set('error_log', $log);

        try {
            [$status, $answer] = self::post($route, ['type' => 'complete', 'fileId' => $body['fileId'], 'token' => $body['token']]);
        } finally {
            ini_set('error_log', (string) $saved);
        }

        self::assertSame([500, ['success' => false, 'error' => 'upload_callback_failed', 'message' => "The file is stored, but the site could not record it; contact the site's operator."]], [$status, $answer]);
        self::assertStringContainsString("the app's database is down", (string) file_get_contents($log), "the operator's log has why");
        unlink($log);
        self::assertSame('uploaded', self::client()->getFile($body['fileId'])->status);
    }

    public function testTheRoutesOwnKeyRefusedIsTheOperators502(): void
    {
        $wrong = new Dilnaka(apiKey: 'dlk_dev_not_a_real_key_0000', baseUrl: self::$server->baseUrl, envFile: '/nonexistent/.env');
        [$status, $body] = self::post(new UploadRoute($wrong, self::SECRET, static fn () => null), ['type' => 'presign', 'filename' => 'a.txt', 'contentType' => 'text/plain', 'size' => 1]);

        self::assertSame([502, false], [$status, $body['success']]);
        self::assertSame("The upload route's Dilnaka API key was refused; the site's operator must fix its configuration.", $body['message']);
    }
}
