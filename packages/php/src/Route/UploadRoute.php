<?php

declare(strict_types=1);

namespace Dilnaka\Route;

use Dilnaka\Dilnaka;
use Dilnaka\Errors\ConfigException;
use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\TimeoutException;
use Dilnaka\Errors\ValidationException;
use Dilnaka\Types\UploadedFile;
use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;

/**
 * The server side of key-less browser uploads (spec/upload-route.yaml) over PSR-7: mount
 * `handle()` on one POST route of your app. The browser uploader of `@dilnaka/client` asks it to
 * presign, PUTs the bytes straight to storage and asks it to complete; the API key stays here.
 *
 *     $route = new UploadRoute(
 *         client: new Dilnaka(),
 *         tokenSecret: getenv('DILNAKA_ROUTE_TOKEN_SECRET'),
 *         onBeforeUpload: fn (UploadIntent $intent) => new UploadPolicy(allowedContentTypes: ['image/*'], maxSize: 10 << 20),
 *     );
 *     $response = $route->handle(ServerRequest::fromGlobals());
 */
final class UploadRoute
{
    /** A multipart upload's token lives as long as the upload may stay incomplete (24 h). */
    public const DEFAULT_TOKEN_TTL = 86400;

    private readonly RouteSteps $steps;

    /**
     * @param string $tokenSecret at least 32 bytes, the same on every instance of the app
     * @param \Closure(UploadIntent): (UploadPolicy|array<string, mixed>|null) $onBeforeUpload sees the
     *        announced file before anything is presigned; return the policy or throw UploadRefused
     * @param (\Closure(UploadedFile, UploadCompletion): mixed)|null $onUploadCompleted runs once per
     *        completed file, with the page's clientPayload; if it throws, the file is stored, the
     *        error goes to error_log() and the page gets 500 `upload_callback_failed`
     * @param int $tokenTtl seconds a token lives (default 24 h for multipart; a single PUT's lives at
     *        most as long as its URL, ≤ 1 h)
     * @param (\Closure(): (int|float))|null $clock unix seconds (default time())
     */
    public function __construct(
        Dilnaka $client,
        #[\SensitiveParameter] string $tokenSecret,
        \Closure $onBeforeUpload,
        ?\Closure $onUploadCompleted = null,
        int $tokenTtl = self::DEFAULT_TOKEN_TTL,
        ?\Closure $clock = null,
    ) {
        CompletionToken::checkSecret($tokenSecret);
        if ($tokenTtl <= 0) {
            throw new ConfigException("tokenTtl must be a positive number of seconds, got $tokenTtl.");
        }
        $this->steps = new RouteSteps($client, $tokenSecret, $onBeforeUpload, $onUploadCompleted, $tokenTtl, $clock ?? time(...));
    }

    /** Answers one request; exceptions of your callbacks other than UploadRefused propagate. */
    public function handle(ServerRequestInterface $request): ResponseInterface
    {
        if (strtoupper($request->getMethod()) !== 'POST') {
            return self::error(405, 'method_not_allowed', 'The upload route only answers POST.', ['Allow' => 'POST']);
        }
        try {
            $step = StepRequest::parse((string) $request->getBody(), $request->getParsedBody());
            return self::json(200, $this->steps->run($step, $request));
        } catch (RouteRefusal $refusal) {
            return self::error($refusal->status, $refusal->errorCode, $refusal->getMessage(), $refusal->headers);
        } catch (UploadRefused $refused) {
            return self::error(403, 'upload_refused', $refused->getMessage());
        } catch (ValidationException $invalid) { // an argument the SDK refused before calling the API
            return self::error(400, 'invalid_request', $invalid->detail());
        } catch (TimeoutException) {
            return self::error(504, 'timeout', 'The Dilnaka API did not answer in time; try again.');
        } catch (ConnectionException) {
            return self::error(502, 'connection_error', 'The upload route could not reach the Dilnaka API; try again.');
        } catch (DilnakaException $api) {
            if ($api->status === null || $api instanceof ConfigException) {
                throw $api;
            }
            $code = $api->errorCode ?? 'api_error';
            if ($api->status === 401 || $api->status === 403) { // the route's own key: the operator's problem, not the visitor's
                return self::error(502, $code, "The upload route's Dilnaka API key was refused; the site's operator must fix its configuration.");
            }
            // Dilnaka's own refusals (402 quota, 404, 409, 413, 422, 429, 5xx) reach the browser as they came.
            $headers = $api->retryAfter !== null ? ['Retry-After' => (string) (int) ceil($api->retryAfter)] : [];
            return self::error($api->status, $code, $api->detail(), $headers);
        }
    }

    /** @param array<string, string> $headers */
    private static function error(int $status, string $code, string $message, array $headers = []): ResponseInterface
    {
        return self::json($status, ['success' => false, 'error' => $code, 'message' => $message], $headers);
    }

    /**
     * Every answer is JSON about one upload: never cached by a browser or a proxy.
     *
     * @param array<string, mixed> $body
     * @param array<string, string> $headers
     */
    private static function json(int $status, array $body, array $headers = []): ResponseInterface
    {
        $json = json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
        return new Response($status, ['Content-Type' => 'application/json', 'Cache-Control' => 'no-store'] + $headers, $json);
    }
}
