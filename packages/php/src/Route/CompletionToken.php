<?php

declare(strict_types=1);

namespace Dilnaka\Route;

use Dilnaka\Errors\ConfigException;

/**
 * The completion token of spec/upload-route.yaml: `v1.<payload>.<signature>`, where `<payload>` is
 * the base64url (no padding) of the compact JSON `{"fid","size","mp","exp"}` in that order (plus
 * `"cp"`, the page's clientPayload, when it sent one, as the TypeScript helper does) and
 * `<signature>` the base64url HMAC-SHA256 of `v1.<payload>` under the route's secret. The same
 * claims and secret give the same string in TypeScript, Python and PHP (JSON as JSON.stringify
 * writes it: no escaped slashes, Unicode or line terminators).
 */
final class CompletionToken
{
    public const VERSION = 'v1';
    public const MIN_SECRET_BYTES = 32;

    public static function sign(TokenClaims $claims, #[\SensitiveParameter] string $secret): string
    {
        self::checkSecret($secret);
        $payload = ['fid' => $claims->fileId, 'size' => $claims->size, 'mp' => $claims->multipart, 'exp' => $claims->expiresAt];
        if ($claims->clientPayload !== null) {
            $payload['cp'] = $claims->clientPayload;
        }
        $json = json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS | JSON_THROW_ON_ERROR);
        $signed = self::VERSION . '.' . self::base64url($json);
        return $signed . '.' . self::signature($signed, $secret);
    }

    /**
     * The claims of a token this route signed for `$fileId` that has not expired; otherwise a 403
     * refusal (`token_invalid`, `token_expired`, `token_mismatch`). The signature is compared in
     * constant time before anything in the payload is believed.
     */
    public static function verify(string $token, string $fileId, #[\SensitiveParameter] string $secret, int|float $now): TokenClaims
    {
        self::checkSecret($secret);
        $parts = explode('.', $token);
        if (count($parts) !== 3 || $parts[0] !== self::VERSION) {
            throw self::invalid('The completion token is malformed.');
        }
        if (!hash_equals(self::signature("{$parts[0]}.{$parts[1]}", $secret), $parts[2])) {
            throw self::invalid("The completion token's signature does not match: it was altered or signed with another secret.");
        }
        $claims = self::claims($parts[1]);
        if ($claims->expiresAt <= $now) {
            throw new RouteRefusal(403, 'token_expired', 'The completion token expired; upload the file again.');
        }
        if ($claims->fileId !== $fileId) {
            throw new RouteRefusal(403, 'token_mismatch', 'The completion token was issued for another file.');
        }
        return $claims;
    }

    /** A short secret would make tokens guessable: refused as a configuration error. */
    public static function checkSecret(#[\SensitiveParameter] string $secret): void
    {
        if (strlen($secret) < self::MIN_SECRET_BYTES) {
            throw new ConfigException(
                'tokenSecret must be at least ' . self::MIN_SECRET_BYTES . ' bytes, got ' . strlen($secret) . '.',
                hint: 'Generate one (php -r "echo bin2hex(random_bytes(32));") and keep it server-side.',
            );
        }
    }

    private static function claims(string $payload): TokenClaims
    {
        $json = base64_decode(strtr($payload, '-_', '+/'), true);
        $data = $json === false ? null : json_decode($json, false);
        if (!$data instanceof \stdClass) {
            throw self::invalid("The completion token's payload is not a base64url JSON object.");
        }
        $fid = $data->fid ?? null;
        $exp = $data->exp ?? null;
        $mp = $data->mp ?? null;
        $size = $data->size ?? null;
        $cp = $data->cp ?? null;
        if (!is_string($fid) || $fid === '' || !is_int($exp) || !is_bool($mp) || ($size !== null && !is_int($size)) || ($cp !== null && !is_string($cp))) {
            throw self::invalid("The completion token's payload lacks fid, size, mp or exp.");
        }
        return new TokenClaims($fid, $size, $mp, $exp, $cp);
    }

    private static function signature(string $signed, #[\SensitiveParameter] string $secret): string
    {
        return self::base64url(hash_hmac('sha256', $signed, $secret, true));
    }

    private static function base64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    private static function invalid(string $message): RouteRefusal
    {
        return new RouteRefusal(403, 'token_invalid', $message);
    }
}
