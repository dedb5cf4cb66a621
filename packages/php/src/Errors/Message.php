<?php

declare(strict_types=1);

namespace Dilnaka\Errors;

/**
 * The one rule every error message follows, in all three SDKs and the CLI
 * (spec/scenarios/README.md, "Error messages"; spec/scenarios/error-messages.json):
 *
 *   <what failed>: <why>[ (request id <id>)]. Hint: <what to do>
 *
 * <what failed> is the operation with its method and path ("getFile GET /v1/files/f1 failed",
 * "… failed after 3 attempts") or the local check; <why> is the server's own message (never a raw
 * body) or the root cause of a network failure.
 */
final class Message
{
    /** The body's `error` is a code when it looks like one; older backends put a sentence there. */
    public const CODE_SHAPE = '/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/';

    /** "<what> failed" or "<what> failed after 3 attempts". */
    public static function failed(string $what, int $attempts = 1): string
    {
        return $what . ' failed' . ($attempts > 1 ? " after $attempts attempts" : '');
    }

    /** The rule's text; a text composed already (a copied message) is kept as it is. */
    public static function compose(string $why, ?string $requestId, string $hint): string
    {
        if (str_contains($why, ' Hint: ')) {
            return $why;
        }
        $text = rtrim($why, " .\n");
        if ($requestId !== null && $requestId !== '') {
            $text .= " (request id $requestId)";
        }
        return "$text. Hint: " . rtrim($hint);
    }

    /** The part of a network hint about retries: what was really done, never a retry that did not happen. */
    public static function retryNote(int $attempts, int $maxRetries): string
    {
        if ($maxRetries === 0) {
            return 'Retries are off (maxRetries 0): raise maxRetries to retry such failures.';
        }
        return "It was tried $attempts time" . ($attempts === 1 ? '' : 's') . " (maxRetries $maxRetries).";
    }
}
