<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use Dilnaka\Route\UploadCompletion;
use Dilnaka\Route\UploadIntent;
use Dilnaka\Route\UploadPolicy;
use Dilnaka\Route\UploadRoute;
use Dilnaka\Types\UploadedFile;
use GuzzleHttp\Client;
use GuzzleHttp\Psr7\ServerRequest;
use Psr\Http\Message\ResponseInterface;

/** An app's upload route over the dev server, and the browser's side of the steps done by hand. */
abstract class UploadRouteTestCase extends E2eTestCase
{
    protected const SECRET = 'php-route-e2e-secret-xxxxxxxxxxxxxxxxxxxxxxxx';
    protected const MIB = 1024 * 1024;

    /** @var list<UploadIntent> what onBeforeUpload saw */
    protected array $intents = [];
    /** @var list<UploadedFile> what onUploadCompleted saw */
    protected array $completed = [];
    /** @var list<UploadCompletion> */
    protected array $completions = [];

    protected function route(UploadPolicy|\Throwable|null $policy = null, ?Dilnaka $client = null): UploadRoute
    {
        return new UploadRoute(
            client: $client ?? self::client(),
            tokenSecret: self::SECRET,
            onBeforeUpload: function (UploadIntent $intent) use ($policy): ?UploadPolicy {
                $this->intents[] = $intent;
                if ($policy instanceof \Throwable) {
                    throw $policy;
                }
                return $policy ?? new UploadPolicy(folder: 'e2e/php-route');
            },
            onUploadCompleted: function (UploadedFile $file, UploadCompletion $completion): void {
                $this->completed[] = $file;
                $this->completions[] = $completion;
            },
        );
    }

    /**
     * POSTs one step to the route as a PSR-7 request, like the browser's fetch.
     *
     * @param array<string, mixed> $body
     * @return array{0: int, 1: array<string, mixed>, 2: ResponseInterface}
     */
    protected static function post(UploadRoute $route, array $body, string $method = 'POST'): array
    {
        $request = new ServerRequest($method, 'http://127.0.0.1/api/upload', ['Content-Type' => 'application/json'], json_encode($body, JSON_THROW_ON_ERROR));
        $response = $route->handle($request);
        self::assertSame('application/json', $response->getHeaderLine('Content-Type'));
        return [$response->getStatusCode(), json_decode((string) $response->getBody(), true, 512, JSON_THROW_ON_ERROR), $response];
    }

    /**
     * What the browser does with a presigned URL: its method and headers, nothing else (no key).
     *
     * @param array<string, mixed> $upload
     */
    protected static function put(array $upload, string $bytes): ResponseInterface
    {
        $response = (new Client(['http_errors' => false]))->request($upload['method'], $upload['url'], ['headers' => $upload['headers'], 'body' => $bytes]);
        self::assertContains($response->getStatusCode(), [200, 201, 204], (string) $response->getBody());
        return $response;
    }

    /** @return list<string> every file id, pending ones included */
    protected static function allFileIds(): array
    {
        $ids = [];
        foreach (self::client()->listFiles(status: 'all') as $file) {
            $ids[] = $file->id;
        }
        return $ids;
    }

    /** Presigned through the route and PUT to storage: only the complete step is left. @return array<string, mixed> */
    protected function uploadedButNotCompleted(UploadRoute $route, string $bytes = 'bytes in storage'): array
    {
        [$status, $body] = self::post($route, ['type' => 'presign', 'filename' => 't.txt', 'contentType' => 'text/plain', 'size' => strlen($bytes)]);
        self::assertSame(200, $status, json_encode($body));
        self::put($body['upload'], $bytes);
        return $body;
    }
}
