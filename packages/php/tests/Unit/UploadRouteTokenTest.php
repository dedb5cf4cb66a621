<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\ConfigException;
use Dilnaka\Route\CompletionToken;
use Dilnaka\Route\RouteRefusal;
use Dilnaka\Route\TokenClaims;
use Dilnaka\Route\UploadIntent;
use Dilnaka\Route\UploadPolicy;
use Dilnaka\Route\UploadRoute;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Psr7\ServerRequest;
use PHPUnit\Framework\TestCase;

/**
 * The completion token and the route's request checks, without a server.
 *
 * VECTOR is the one of packages/python/tests/unit/test_upload_route_token.py, computed
 * independently with Node (JSON.stringify + crypto.createHmac): the same secret and claims give the
 * same string in every language, so a token one route helper signs verifies in the others. It
 * belongs in spec/scenarios/upload-route-token.json once the lead moves it there.
 */
final class UploadRouteTokenTest extends TestCase
{
    private const SECRET = 'dilnaka-upload-route-vector-secret-0123456789abcdef';
    private const VECTOR = [
        [['clx_route_vector_1', 12582912, true, 1796300000], 'v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzEiLCJzaXplIjoxMjU4MjkxMiwibXAiOnRydWUsImV4cCI6MTc5NjMwMDAwMH0.2_2uSkrEO-XQtNeCX83awsxJIt2oGkiXH34NS5MRa40'],
        [['clx_route_vector_2', 0, false, 1796303600], 'v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzIiLCJzaXplIjowLCJtcCI6ZmFsc2UsImV4cCI6MTc5NjMwMzYwMH0.itH6nPJhA9L36c9mYHYXuovOvP4KFqIJ2AkBiBKb7Jw'],
        [['clx_route_vector_3', null, true, 1796307200], 'v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzMiLCJzaXplIjpudWxsLCJtcCI6dHJ1ZSwiZXhwIjoxNzk2MzA3MjAwfQ.RENG8AEiyZJ8JpEvS6-r7EdItqogfvzu3nUI0ITlobU'],
        // `cp`: the TS helper's extension (the page's clientPayload), non-ASCII and `/` unescaped as JSON.stringify writes them
        [['clx_route_vector_4', 5, false, 1796310800, '{"albumId":"a1","note":"é/ü"}'], 'v1.eyJmaWQiOiJjbHhfcm91dGVfdmVjdG9yXzQiLCJzaXplIjo1LCJtcCI6ZmFsc2UsImV4cCI6MTc5NjMxMDgwMCwiY3AiOiJ7XCJhbGJ1bUlkXCI6XCJhMVwiLFwibm90ZVwiOlwiw6kvw7xcIn0ifQ.0RiINBvjV9wimH2OxcrJZm_nSLt8DVC1BhvLkSR6UtU'],
    ];

    public function testTheSharedVectorSignsAndVerifies(): void
    {
        foreach (self::VECTOR as [$c, $token]) {
            $claims = new TokenClaims(...$c);
            self::assertSame($token, CompletionToken::sign($claims, self::SECRET));
            self::assertEquals($claims, CompletionToken::verify($token, $claims->fileId, self::SECRET, $claims->expiresAt - 1));
        }
    }

    private static function refusal(string $token, string $fileId = 'clx_route_vector_1', int $now = 1796299999, string $secret = self::SECRET): string
    {
        try {
            CompletionToken::verify($token, $fileId, $secret, $now);
        } catch (RouteRefusal $refused) {
            self::assertSame(403, $refused->status);
            return $refused->errorCode;
        }
        self::fail("the token was accepted: $token");
    }

    public function testVerificationRefusesWhatThisRouteDidNotSignForThisFileInTime(): void
    {
        $token = self::VECTOR[0][1];
        [$version, $payload, $signature] = explode('.', $token);
        self::assertSame('token_expired', self::refusal($token, now: 1796300000));
        self::assertSame('token_mismatch', self::refusal($token, fileId: 'clx_route_vector_2'));
        self::assertSame('token_invalid', self::refusal($token, secret: 'another-secret-of-32-bytes-or-more!!'));
        self::assertSame('token_invalid', self::refusal("$version.$payload." . substr($signature, 0, -1) . ($signature[-1] === 'A' ? 'B' : 'A')));
        self::assertSame('token_invalid', self::refusal("$version." . explode('.', self::VECTOR[1][1])[1] . ".$signature"));
        self::assertSame('token_invalid', self::refusal("v2.$payload.$signature"));
        foreach (['', 'v1', 'v1..', "$token.x", 'v1.é.é'] as $malformed) {
            self::assertSame('token_invalid', self::refusal($malformed));
        }
    }

    public function testAWellSignedPayloadThatIsNotClaimsIsTokenInvalid(): void
    {
        $payloads = ['[]', 'not json', '{"fid":1,"mp":false,"exp":2}', '{"fid":"f","mp":false,"exp":true}', '{"fid":"f","mp":false,"exp":9,"size":"1"}',
            '{"fid":"f","exp":9,"size":1}', '{"fid":"","mp":false,"exp":9,"size":1}', '{"fid":"f","mp":false,"exp":9,"size":1,"cp":5}'];
        foreach ($payloads as $json) {
            $signed = 'v1.' . rtrim(strtr(base64_encode($json), '+/', '-_'), '=');
            $token = $signed . '.' . rtrim(strtr(base64_encode(hash_hmac('sha256', $signed, self::SECRET, true)), '+/', '-_'), '=');
            self::assertSame('token_invalid', self::refusal($token, fileId: 'f', now: 0));
        }
    }

    /** A real route whose client has no answers queued: any API call it made would throw. */
    private static function offlineRoute(array &$asked, string $secret = self::SECRET): UploadRoute
    {
        $client = new Dilnaka(apiKey: 'dlk_dev_unit_route', baseUrl: 'http://127.0.0.1:9', handler: HandlerStack::create(new MockHandler([])), envFile: '/nonexistent/.env');
        return new UploadRoute($client, $secret, static function (UploadIntent $intent) use (&$asked): ?UploadPolicy {
            $asked[] = $intent;
            return null;
        });
    }

    /** @return iterable<array{0: string, 1: string}> */
    public static function notASteps(): iterable
    {
        yield ['not json', 'The body must be JSON.'];
        yield ['[1]', 'The body must be a JSON object with a `type`.'];
        yield ['{}', '`type` must be one of presign, presignParts, complete, abort.'];
        yield ['{"type":"presign","filename":"","contentType":"text/plain","size":1}', '`filename` must be a string of 1 to 255 characters.'];
        yield ['{"type":"presign","filename":"a","contentType":"text/plain","size":1.5}', '`size` must be a whole number of bytes.'];
        yield ['{"type":"presign","filename":"a","contentType":"text/plain","size":true}', '`size` must be a whole number of bytes.'];
        yield ['{"type":"presign","filename":"a","contentType":"text/plain","size":-1}', '`size` must be a whole number of bytes.'];
        yield ['{"type":"presign","filename":"a","contentType":"text/plain","size":1,"clientPayload":"' . str_repeat('x', 4097) . '"}', '`clientPayload` must be a string of at most 4096 characters, or null.'];
        yield ['{"type":"presign","filename":"a","contentType":"text/plain","size":1,"checksumSha256":"abc"}', '`checksumSha256` must be the base64 SHA-256 of the bytes (44 characters), or null.'];
        yield ['{"type":"presignParts","fileId":"f","token":"t","partNumbers":[]}', '`partNumbers` must be a list of 1 to 1000 part numbers.'];
        yield ['{"type":"presignParts","fileId":"f","token":"t","partNumbers":[1,1]}', '`partNumbers` must not repeat a number.'];
        yield ['{"type":"presignParts","fileId":"f","token":"t","partNumbers":[10001]}', '`partNumbers` must be whole numbers from 1 to 10000.'];
        yield ['{"type":"complete","fileId":"f"}', '`token` must be the completion token string the presign step answered.'];
        yield ['{"type":"complete","fileId":"f","token":"t","parts":[{"partNumber":1}]}', '`etag` must be a string of 1 to 1024 characters.'];
        yield ['{"type":"abort","token":"t"}', '`fileId` must be a string of 1 to 1024 characters.'];
    }

    /** @dataProvider notASteps */
    public function testABodyThatIsNoStepIs400BeforeAnythingElse(string $raw, string $message): void
    {
        $asked = [];
        $response = self::offlineRoute($asked)->handle(new ServerRequest('POST', '/api/upload', [], $raw));

        self::assertSame(400, $response->getStatusCode());
        self::assertSame(['success' => false, 'error' => 'invalid_request', 'message' => $message], json_decode((string) $response->getBody(), true));
        self::assertSame([], $asked);
    }

    public function testAFrameworkThatAlreadyParsedTheBodyIsUnderstood(): void
    {
        $asked = [];
        $request = (new ServerRequest('POST', '/api/upload'))->withParsedBody(['type' => 'complete', 'fileId' => 'clx_route_vector_1', 'token' => self::VECTOR[0][1]]);
        $response = self::offlineRoute($asked, 'another-secret-of-32-bytes-or-more!!')->handle($request);

        self::assertSame(403, $response->getStatusCode(), 'parsed, then refused by the token check without calling the API');
        self::assertSame('token_invalid', json_decode((string) $response->getBody(), true)['error']);
    }

    public function testAShortSecretIsAConfigurationError(): void
    {
        $this->expectException(ConfigException::class);
        $this->expectExceptionMessage('at least 32 bytes');
        $asked = [];
        self::offlineRoute($asked, str_repeat('x', 31));
    }

    public function testPolicyMatchingAndMessages(): void
    {
        $request = new ServerRequest('POST', '/');
        $check = static function (string $type, int $size, UploadPolicy $policy) use ($request): ?string {
            try {
                $policy->check(new UploadIntent('f.bin', $type, $size, null, $request));
                return null;
            } catch (RouteRefusal $r) {
                return "{$r->status} {$r->errorCode}: {$r->getMessage()}";
            }
        };
        self::assertNull($check('IMAGE/PNG; charset=binary', 1, new UploadPolicy(allowedContentTypes: ['image/png'])));
        self::assertNull($check('image/webp', 1, new UploadPolicy(allowedContentTypes: ['image/*'])));
        self::assertSame('415 content_type_refused: imagex/png is not accepted here; allowed are image/*.', $check('imagex/png', 1, new UploadPolicy(allowedContentTypes: ['image/*'])));
        self::assertNull($check('a/b', 10 << 20, new UploadPolicy(maxSize: 10 << 20)));
        self::assertSame('413 file_too_large: f.bin is 10.0 MiB; this route accepts at most 10.0 MiB.', $check('a/b', (10 << 20) + 1, new UploadPolicy(maxSize: 10 << 20)));
        self::assertSame(['0 bytes', '1.5 KiB', '48.0 MiB'], array_map([UploadPolicy::class, 'formatSize'], [0, 1536, 50331648]));
        self::assertEquals(new UploadPolicy(maxSize: 5, folder: 'a'), UploadPolicy::from(['maxSize' => 5, 'folder' => 'a']));
    }

    public function testAPolicyAnswerThatIsNoneIsTheAppsBugNotTheBrowsers(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage('unknown policy keys max_size');
        UploadPolicy::from(['max_size' => 5]);
    }
}
