<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Route\CompletionToken;
use Dilnaka\Route\TokenClaims;
use Dilnaka\Route\UploadRoute;

/**
 * Completion tokens against the dev server: a forged, expired, replayed or other file's token is
 * 403 and completes nothing (the file stays pending, onUploadCompleted never runs).
 */
final class UploadRouteTokensTest extends UploadRouteTestCase
{
    private function assertRefused(UploadRoute $route, string $fileId, string $token, string $code): void
    {
        [$status, $body] = self::post($route, ['type' => 'complete', 'fileId' => $fileId, 'token' => $token]);
        self::assertSame([403, false, $code], [$status, $body['success'], $body['error']], json_encode($body));
        self::assertNotSame('', $body['message']);
        self::assertSame('pending', self::client()->getFile($fileId)->status);
        self::assertSame([], $this->completed);
    }

    private static function b64(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    public function testForgedTokensAre403TokenInvalid(): void
    {
        $route = $this->route();
        $body = $this->uploadedButNotCompleted($route);
        [$version, , $signature] = explode('.', $body['token']);
        $forged = [
            'altered signature' => substr($body['token'], 0, -2) . (str_ends_with($body['token'], 'AA') ? 'BB' : 'AA'),
            'altered payload' => "$version." . self::b64(json_encode(['fid' => $body['fileId'], 'size' => 16, 'mp' => false, 'exp' => 4102444800])) . ".$signature",
            'other secret' => CompletionToken::sign(new TokenClaims($body['fileId'], 16, false, time() + 600), 'another-secret-' . str_repeat('y', 32)),
            'other version' => 'v2.' . explode('.', $body['token'], 2)[1],
            'two parts' => explode('.', $body['token'], 2)[1],
            'empty' => '',
        ];
        foreach ($forged as $token) {
            $this->assertRefused($route, $body['fileId'], $token, 'token_invalid');
        }
    }

    public function testAnExpiredTokenIs403TokenExpired(): void
    {
        $route = $this->route();
        $body = $this->uploadedButNotCompleted($route);
        $expired = CompletionToken::sign(new TokenClaims($body['fileId'], 16, false, time() - 1), self::SECRET);
        $this->assertRefused($route, $body['fileId'], $expired, 'token_expired');
    }

    public function testATokenOfAnotherFileCannotCompleteAbortOrPresignIt(): void
    {
        $route = $this->route();
        $mine = $this->uploadedButNotCompleted($route);
        $theirs = $this->uploadedButNotCompleted($route);

        $this->assertRefused($route, $theirs['fileId'], $mine['token'], 'token_mismatch');
        foreach (['abort' => [], 'presignParts' => ['partNumbers' => [1]]] as $type => $extra) {
            [$status, $body] = self::post($route, ['type' => $type, 'fileId' => $theirs['fileId'], 'token' => $mine['token']] + $extra);
            self::assertSame([403, 'token_mismatch'], [$status, $body['error']]);
        }
        self::assertSame('pending', self::client()->getFile($theirs['fileId'])->status);
    }

    public function testAReplayedTokenIs403TokenUsed(): void
    {
        $route = $this->route();
        $body = $this->uploadedButNotCompleted($route);
        $step = ['type' => 'complete', 'fileId' => $body['fileId'], 'token' => $body['token']];
        self::assertSame(200, self::post($route, $step)[0]);

        [$status, $again] = self::post($route, $step);

        self::assertSame([403, ['success' => false, 'error' => 'token_used', 'message' => 'This upload is already completed; its token cannot be used again.']], [$status, $again]);
        self::assertCount(1, $this->completed, 'onUploadCompleted ran once');
    }
}
