<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Errors;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Upload\Source;

/** What the real backend refuses, and what the SDK refuses before asking it. */
final class ErrorsTest extends E2eTestCase
{
    protected function tearDown(): void
    {
        self::$server->dev('POST', '/__dev/usage', ['bandwidthBytes' => 0, 'storageBytes' => 0, 'plan' => 'free']);
    }

    /**
     * Every bad input of the unit tests, now with a client pointed at a live server: each fails
     * with a ValidationException and not one request leaves the process.
     *
     * @dataProvider \Dilnaka\Tests\Unit\UploadTest::badUploads
     * @dataProvider \Dilnaka\Tests\Unit\FilesTest::badInputs
     */
    public function testBadInputNeverReachesTheServer(\Closure $call, string $expected): void
    {
        $sent = [];
        $client = self::client(null, $sent);
        try {
            $call($client, self::tempFile('valid file'));
            self::fail('expected a ValidationException');
        } catch (Errors\ValidationException $e) {
            self::assertStringContainsString($expected, $e->getMessage());
        }
        self::assertSame([], $sent);
    }

    /** @param class-string<DilnakaException> $class */
    private static function assertThrows(string $class, string $code, \Closure $call): DilnakaException
    {
        try {
            $call();
        } catch (DilnakaException $e) {
            self::assertSame($class, $e::class, $e->getMessage());
            self::assertSame($code, $e->errorCode);
            self::assertNotEmpty($e->hint);
            return $e;
        }
        self::fail("expected $class ($code)");
    }

    public function testAnUnknownKeyIsAnAuthenticationErrorThatHidesTheKey(): void
    {
        $key = 'dlk_dev_notARealKeyAtAllZZZZ';
        $client = new Dilnaka(apiKey: $key, baseUrl: self::$server->baseUrl, envFile: '/nonexistent/.env');
        $e = self::assertThrows(Errors\AuthenticationException::class, 'unauthorized', fn () => $client->getFile('file_1'));
        self::assertStringNotContainsString($key, $e->getMessage() . print_r($e, true));
    }

    public function testMissingFilesAndFilesInTheWrongState(): void
    {
        $client = self::client();
        self::assertThrows(Errors\NotFoundException::class, 'not_found', fn () => $client->getFile('no_such_file'));
        self::assertThrows(Errors\NotFoundException::class, 'not_found', fn () => $client->deleteFile('no_such_file'));

        $pending = $client->createPresignedUpload('pending.txt', 'text/plain', 10);
        self::assertThrows(Errors\ConflictException::class, 'file_not_uploaded', fn () => $client->getFileAccessUrl($pending->fileId));
        $e = self::assertThrows(Errors\ConflictException::class, 'upload_incomplete', fn () => $client->completeUpload($pending->fileId));
        self::assertSame($pending->fileId, $e->fileId);

        // Five bytes where ten were announced.
        $put = curl_init($pending->uploadUrl);
        curl_setopt_array($put, [CURLOPT_CUSTOMREQUEST => 'PUT', CURLOPT_POSTFIELDS => '12345', CURLOPT_HTTPHEADER => ['Content-Type: text/plain'], CURLOPT_RETURNTRANSFER => true]);
        curl_exec($put);
        self::assertSame(200, curl_getinfo($put, CURLINFO_RESPONSE_CODE));
        self::assertThrows(Errors\ConflictException::class, 'size_mismatch', fn () => $client->completeUpload($pending->fileId));
    }

    public function testQuotasOfTheFreePlan(): void
    {
        $client = self::client();
        $file = $client->upload(Source::bytes('quota', 'q.txt'));
        self::assertThrows(Errors\PayloadTooLargeException::class, 'file_too_large', fn () => $client->createPresignedUpload('huge.bin', 'application/octet-stream', 2_000_000_000));

        self::$server->dev('POST', '/__dev/usage', ['storageBytes' => 2_000_000_000]);
        self::assertThrows(Errors\QuotaExceededException::class, 'storage_limit_exceeded', fn () => $client->upload(Source::bytes('one more', 'm.txt')));

        self::$server->dev('POST', '/__dev/usage', ['bandwidthBytes' => 5_000_000_000]);
        self::assertThrows(Errors\QuotaExceededException::class, 'bandwidth_limit_exceeded', fn () => $client->getFileAccessUrl($file->id));
    }

    public function testBandwidthOverageOfAPaidPlanIsAWarningThenAHardCap(): void
    {
        $client = self::client();
        $file = $client->upload(Source::bytes('overage', 'o.txt'));
        self::$server->dev('POST', '/__dev/usage', ['plan' => 'pro', 'bandwidthBytes' => 60_000_000_000]);
        $access = $client->getFileAccessUrl($file->id, expiresIn: 1200);
        self::assertSame('bandwidth_overage_active', $access->warning);
        self::assertNotEmpty($access->warningMessage);
        self::assertSame('overage', self::download($access->url));

        self::$server->dev('POST', '/__dev/usage', ['bandwidthBytes' => 500_000_000_000]);
        self::assertThrows(Errors\QuotaExceededException::class, 'bandwidth_hard_cap_reached', fn () => $client->getFileAccessUrl($file->id));
    }
}
