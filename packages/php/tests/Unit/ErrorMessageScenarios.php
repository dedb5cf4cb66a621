<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Tests\Support\MockApi;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Psr7\Request;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\Assert;

/**
 * The runner of spec/scenarios/error-messages.json (ScenariosTest dispatches to it): one message
 * rule for every error (what failed, why, the request id, then the hint), checked on the real
 * client with only Guzzle's handler replaced.
 */
final class ErrorMessageScenarios
{
    /** @param array<mixed> $given @param array<mixed> $want */
    public static function messages(array $given, array $want): void
    {
        [$e, $requests] = self::error($given);
        $text = $e->getMessage();
        Assert::assertSame($want['class']['php'], (new \ReflectionClass($e))->getShortName(), $text);
        Assert::assertSame($want['code'], $e->errorCode, $text);
        Assert::assertNotSame('', trim($e->hint));
        // The rule: … then ". Hint: " and the hint, last.
        Assert::assertStringEndsWith(". Hint: {$e->hint}", $text);
        if (array_key_exists('requestId', $want)) {
            Assert::assertSame($want['requestId'], $e->requestId);
        }
        if (isset($want['requests'])) {
            Assert::assertSame($want['requests'], $requests);
        }
        if (isset($want['messageStartsWith'])) {
            Assert::assertStringStartsWith($want['messageStartsWith'], $text);
        }
        foreach ($want['messageContains'] ?? [] as $part) {
            Assert::assertStringContainsString($part, $text);
        }
        foreach ($want['messageContainsAnyCase'] ?? [] as $part) {
            Assert::assertStringContainsStringIgnoringCase($part, $text);
        }
        foreach ($want['messageLacks'] ?? [] as $part) {
            Assert::assertStringNotContainsString($part, $text);
        }
        foreach ($want['hintContains'] ?? [] as $part) {
            Assert::assertStringContainsString($part, $e->hint);
        }
        foreach ($want['hintLacks'] ?? [] as $part) {
            Assert::assertStringNotContainsString($part, $e->hint);
        }
        if (isset($want['field'])) {
            Assert::assertStringContainsString($want['field'], $text);
        }
    }

    /**
     * @param array<mixed> $given
     * @return array{DilnakaException, int}
     */
    private static function error(array $given): array
    {
        if (isset($given['config'])) {
            putenv('DILNAKA_API_KEY');
            putenv('DILNAKA_BASE_URL');
            $envFile = (string) tempnam(sys_get_temp_dir(), 'dilnaka-env');
            try {
                new Dilnaka($given['config']['apiKey'] ?? null, $given['config']['baseURL'] ?? null, envFile: $envFile);
            } catch (DilnakaException $e) {
                return [$e, 0];
            } finally {
                unlink($envFile);
            }
            Assert::fail('expected a ConfigException');
        }
        $answers = array_map(static fn () => self::answer($given['answer'] ?? ['status' => 500, 'bodyText' => 'unexpected']), range(1, 10));
        $api = new MockApi($answers, maxRetries: $given['maxRetries'] ?? 0);
        $input = $given['input'] ?? [];
        $calls = [
            'getFile' => fn () => $api->client->getFile($given['fileId']),
            'deleteFile' => fn () => $api->client->deleteFile($given['fileId']),
            'getFileAccessUrl' => fn () => $api->client->getFileAccessUrl($given['fileId'], $given['expiresIn']),
            'createPresignedUpload' => fn () => $api->client->createPresignedUpload(
                $input['filename'],
                $input['contentType'],
                $input['size'],
                $input['folder'] ?? 'uploads',
                checksumSha256: $input['checksumSha256'] ?? null,
            ),
        ];
        try {
            $calls[$given['call']]();
        } catch (DilnakaException $e) {
            return [$e, count($api->history)];
        }
        Assert::fail('expected an error');
    }

    /** @param array<mixed> $given */
    private static function answer(array $given): mixed
    {
        if (($given['connection'] ?? null) === 'refused') {
            // What Guzzle's curl handler throws when nothing listens on the port.
            return new ConnectException('cURL error 7: Failed to connect to api.test port 80 after 0 ms: Connection refused', new Request('GET', MockApi::BASE));
        }
        return isset($given['bodyText'])
            ? new Response($given['status'], $given['headers'] ?? [], $given['bodyText'])
            : MockApi::json($given['status'], $given['body'], $given['headers'] ?? []);
    }
}
