<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

use Psr\Http\Message\ResponseInterface;

/**
 * Turns an API error response into the matching exception: the class comes from the HTTP status,
 * the hint from the body's `error` code (falling back to the status). Never from the message text.
 */
final class ErrorFactory
{
    /** @var array<int, class-string<ApiException>> */
    private const BY_STATUS = [
        400 => BadRequestException::class,
        401 => AuthenticationException::class,
        402 => QuotaExceededException::class,
        403 => PermissionDeniedException::class,
        404 => NotFoundException::class,
        409 => ConflictException::class,
        413 => PayloadTooLargeException::class,
        422 => UnprocessableEntityException::class,
        429 => RateLimitException::class,
    ];

    private const HINT_BY_CODE = [
        'invalid_request' => 'Fix the parameter named in the message.',
        'validation_error' => 'Fix the field named in the message.',
        'unauthorized' => 'Check DILNAKA_API_KEY: use a current key of this app (dlk_dev_… or dlk_live_…).',
        'storage_limit_exceeded' => 'Delete files or upgrade your plan.',
        'bandwidth_limit_exceeded' => 'Upgrade your plan or wait until the next billing cycle.',
        'bandwidth_hard_cap_reached' => 'Contact Dilnaka support to continue serving files.',
        'forbidden' => 'Use an API key that has access to this file.',
        'not_found' => 'Check the file id; listFiles() shows the ones that exist.',
        'upload_incomplete' => 'PUT the bytes to the presigned uploadUrl, then call completeUpload($fileId) again.',
        'size_mismatch' => 'The stored bytes differ from the announced size: upload the file again.',
        'file_not_uploaded' => 'Finish the upload with completeUpload($fileId) first.',
        'file_too_large' => 'Upgrade your plan or upload a smaller file.',
        'rate_limited' => 'Wait retryAfter seconds before the next request, or send fewer requests.',
        'internal_error' => 'Retry later; if it persists, contact Dilnaka support with the request id.',
        'service_unavailable' => 'Retry later; Dilnaka is temporarily unavailable.',
    ];

    private const HINT_BY_STATUS = [
        400 => 'Fix the parameter named in the message.',
        401 => 'Check DILNAKA_API_KEY: use a current key of this app (dlk_dev_… or dlk_live_…).',
        402 => 'A quota of your plan is exhausted: free space or upgrade.',
        403 => 'Use an API key that may do this.',
        404 => 'Check the file id; listFiles() shows the ones that exist.',
        409 => 'Finish the upload (PUT the bytes, then completeUpload) before this call.',
        413 => 'Upgrade your plan or upload a smaller file.',
        422 => 'Fix the field named in the message.',
        429 => 'Wait retryAfter seconds before the next request.',
    ];

    /**
     * `$what` names the request ("getFile GET /v1/files/f1"); `code` is the body's `error` when it is
     * code-shaped, else `http_<status>`; the message is "<what> failed[ after N attempts]: <status>
     * <code>: <the server's message>", never the raw body.
     */
    public static function fromResponse(ResponseInterface $response, string $what, int $attempts = 1): ApiException
    {
        $status = $response->getStatusCode();
        $raw = (string) $response->getBody();
        $decoded = json_decode($raw, true);
        $body = is_array($decoded) ? $decoded : [];
        $error = is_string($body['error'] ?? null) && trim($body['error']) !== '' ? $body['error'] : null;
        $sentence = $error !== null && preg_match(Message::CODE_SHAPE, $error) !== 1 ? $error : null;
        $code = $error !== null && $sentence === null ? $error : "http_$status";
        $operation = Message::failed($what, $attempts);
        $message = is_string($body['message'] ?? null) && trim($body['message']) !== ''
            ? $body['message']
            : ($sentence ?? (trim($raw) !== '' && !is_array($decoded) ? "the answer is not Dilnaka's JSON error body" : 'no message'));
        $requestId = $response->getHeaderLine('X-Request-Id') !== ''
            ? $response->getHeaderLine('X-Request-Id')
            : (is_string($body['requestId'] ?? null) ? $body['requestId'] : null);
        if ($status >= 300 && $status < 400) {
            // Never followed (allow_redirects is off): the API key must not go to another host.
            $location = $response->getHeaderLine('Location');
            return new ApiException(
                "$operation: $status redirect: the Dilnaka API answered a redirect" . ($location !== '' ? " to $location" : '') . ', which the SDK does not follow',
                $status,
                'redirect',
                $requestId,
                null,
                'Set baseUrl (DILNAKA_BASE_URL) to the address the API redirects to; redirects are never followed so that your API key stays with the API host.',
            );
        }
        $class = self::classFor($status);

        return new $class(
            "$operation: $status $code: $message",
            $status,
            $code,
            $requestId,
            RetryAfter::fromResponse($response),
            self::hint($status, $code),
        );
    }

    /** @return class-string<ApiException> */
    public static function classFor(int $status): string
    {
        return self::BY_STATUS[$status] ?? ($status >= 500 ? ServerException::class : ApiException::class);
    }

    public static function hint(int $status, ?string $code): string
    {
        if ($code !== null && isset(self::HINT_BY_CODE[$code])) {
            return self::HINT_BY_CODE[$code];
        }
        if ($status >= 500) {
            return 'Retry later; if it persists, contact Dilnaka support with the request id.';
        }
        // An unlisted status (418, say) still gets a hint: every API error says what to do.
        return self::HINT_BY_STATUS[$status] ?? 'Unexpected answer: check the base URL (DILNAKA_BASE_URL); quote the request id to Dilnaka support.';
    }
}
