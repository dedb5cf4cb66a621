<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Tests\Support\MockApi;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Psr7\Request;
use PHPUnit\Framework\TestCase;

/** The API key never shows: not in dumps of the client, not in exception messages or their chains. */
final class SecretTest extends TestCase
{
    public function testDumpsOfTheClientShowOnlyTheMaskedKey(): void
    {
        $client = (new MockApi())->client;
        ob_start();
        var_dump($client);
        print_r($client);
        var_export($client);
        echo json_encode($client);
        $dumps = (string) ob_get_clean();

        self::assertStringNotContainsString(MockApi::KEY, $dumps);
        self::assertStringContainsString('dlk_dev_…1234', $dumps);
    }

    public function testTheClientCannotBeSerialized(): void
    {
        $this->expectException(\Throwable::class);
        serialize((new MockApi())->client);
    }

    public function testExceptionMessagesAndChainsNeverHoldTheKey(): void
    {
        // With arguments in traces (the php.ini-development setting), the key must not show there either.
        $saved = ini_set('zend.exception_ignore_args', '0');
        try {
            $this->assertNoKeyInAFailedCall();
        } finally {
            ini_set('zend.exception_ignore_args', (string) $saved);
        }
    }

    private function assertNoKeyInAFailedCall(): void
    {
        // A transport error whose text echoes the key and a presigned signature.
        $echo = 'Failed for Bearer ' . MockApi::KEY . ' at http://store.test/b/k?X-Amz-Signature=deadbeef';
        $api = new MockApi([new ConnectException($echo, new Request('GET', '/'))], maxRetries: 0);
        try {
            $api->client->getFile('file_1');
            self::fail('expected an exception');
        } catch (DilnakaException $e) {
            self::assertNoKeyIn($e);
        }
        // The same inside uploadDirectory()'s fibers, where the request went out asynchronously.
        $dir = sys_get_temp_dir() . '/dilnaka-secret-' . bin2hex(random_bytes(4));
        mkdir($dir);
        file_put_contents("$dir/a.txt", 'a');
        try {
            $api = new MockApi([new ConnectException($echo, new Request('POST', '/'))], maxRetries: 0);
            $failed = $api->client->uploadDirectory($dir)->failed;
        } finally {
            unlink("$dir/a.txt");
            rmdir($dir);
        }
        self::assertCount(1, $failed);
        self::assertNoKeyIn($failed[0]['error']);
    }

    private static function assertNoKeyIn(DilnakaException $e): void
    {
        $text = '';
        for ($x = $e; $x !== null; $x = $x->getPrevious()) {
            $text .= $x->getMessage() . "\n" . print_r(get_object_vars($x), true);
            foreach ($x->getTrace() as $frame) {
                // Every frame but PHPUnit's own, whose arguments are the whole test suite.
                if (!str_starts_with($frame['class'] ?? '', 'PHPUnit\\')) {
                    $text .= print_r($frame['args'] ?? [], true);
                }
            }
        }
        self::assertStringNotContainsString(MockApi::KEY, $text);
        self::assertStringNotContainsString('deadbeef', $text);
        self::assertStringContainsString('dlk_dev_…1234', $e->getMessage());
    }

    public function testMaskedFormOfALiveKey(): void
    {
        $client = new Dilnaka(apiKey: 'dlk_live_abcdefWXYZ', envFile: '/nonexistent/.env');
        self::assertStringContainsString('dlk_live_…WXYZ', print_r($client, true));
    }
}
