<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\ApiException;
use Dilnaka\Errors\ConnectionException;
use Dilnaka\Errors\DilnakaException;
use Dilnaka\Errors\StorageException;

/**
 * Retries one step (presign, PUT, complete, or a files call) when the failure is transient:
 * no answer, a timeout, 408, 429 or any 5xx. Waits `Retry-After` (capped at 60 s) when the server sends it, otherwise
 * an exponential backoff from 0.5 s doubling up to 8 s, less up to 25 % random jitter so that many
 * clients failing together do not retry together.
 */
final class Retry
{
    /** @var \Closure(float): void */
    private \Closure $sleep;
    /** Whether `$sleep` is the real wait (not a test's recorder). */
    private bool $sleepsForReal;

    /**
     * @param float $maxRetryAfter the longest Retry-After waited for (a longer one waits this long, as
     *                             in the TypeScript and Python SDKs; the error still reports the server's value)
     * @param (\Closure(float): void)|null $sleep waits the given seconds (tests pass a recorder)
     */
    public function __construct(
        public readonly int $maxRetries = Config::DEFAULT_MAX_RETRIES,
        public readonly float $initialDelay = 0.5,
        public readonly float $maxDelay = 8.0,
        public readonly float $maxRetryAfter = 60.0,
        ?\Closure $sleep = null,
    ) {
        $this->sleepsForReal = $sleep === null;
        $this->sleep = $sleep ?? static function (float $seconds): void {
            usleep((int) round($seconds * 1_000_000));
        };
    }

    /**
     * Runs `$attempt` (given the attempt number, 0 first) until it returns, or throws the last error.
     *
     * @template T
     * @param callable(int): T $attempt
     * @return T
     */
    public function run(callable $attempt): mixed
    {
        for ($n = 0; ; $n++) {
            try {
                return $attempt($n);
            } catch (DilnakaException $error) {
                $delay = $n < $this->maxRetries && self::isRetryable($error) ? $this->delay($n, $error->retryAfter) : null;
                if ($delay === null) {
                    throw $error;
                }
                ($this->sleep)($delay);
            }
        }
    }

    /** Seconds to wait before retry number `$n + 1`. */
    public function delay(int $n, ?float $retryAfter = null): float
    {
        if ($retryAfter !== null) {
            return min($retryAfter, $this->maxRetryAfter);
        }
        $backoff = min($this->maxDelay, $this->initialDelay * (2 ** $n));
        return $backoff * (1 - 0.25 * (mt_rand() / mt_getrandmax()));
    }

    /**
     * The wait before an asynchronous retry (a part PUT in the pool), as Guzzle's `delay` option in
     * milliseconds: curl's multi loop keeps the other parts moving meanwhile instead of sleeping.
     * An injected sleeper (tests) is called instead and nothing is delayed.
     */
    public function pause(float $seconds): int
    {
        if (!$this->sleepsForReal) {
            ($this->sleep)($seconds);
            return 0;
        }
        return (int) round($seconds * 1000);
    }

    public static function isRetryable(DilnakaException $error): bool
    {
        if ($error instanceof ConnectionException) {
            return true;
        }
        return ($error instanceof ApiException || $error instanceof StorageException) && self::isRetryableStatus($error->status ?? 0);
    }

    /** The statuses worth another try: 408, 429 and every 5xx. */
    public static function isRetryableStatus(int $status): bool
    {
        return $status === 408 || $status === 429 || $status >= 500;
    }
}
