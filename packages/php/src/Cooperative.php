<?php

declare(strict_types=1);

namespace Dilnaka;

use GuzzleHttp\Promise\PromiseInterface;
use GuzzleHttp\Promise\Utils;

/**
 * Runs several whole uploads at once on the one Guzzle client without a second, promise-based
 * copy of every upload step: each task runs in a Fiber, and while one of its requests is on the
 * wire (Transport::send) the fiber is suspended and the others go on; curl's multi handle carries
 * all their transfers together. Only fibers started here are suspended: the SDK called from a
 * caller's own fibers (an event loop) stays synchronous. Retry waits still sleep (rare, and short).
 *
 * @internal
 */
final class Cooperative
{
    /** @var \WeakMap<\Fiber, true>|null */
    private static ?\WeakMap $ours = null;

    /** The promise's result; inside one of our fibers, the others run until it settles. */
    public static function await(PromiseInterface $promise): mixed
    {
        $fiber = \Fiber::getCurrent();
        if ($fiber !== null && isset(self::$ours[$fiber])) {
            \Fiber::suspend($promise);
        }
        return $promise->wait();
    }

    public static function active(): bool
    {
        $fiber = \Fiber::getCurrent();
        return $fiber !== null && isset(self::$ours[$fiber]);
    }

    /**
     * Runs every task, at most `$concurrency` at once, in the order given; returns when all have
     * returned. A task must handle its own failures: an exception escaping one is thrown here once
     * the others were allowed to finish.
     *
     * @param iterable<callable(): void> $tasks
     */
    public static function run(iterable $tasks, int $concurrency): void
    {
        self::$ours ??= new \WeakMap();
        /** @var array<int, array{\Fiber, PromiseInterface}> $running */
        $running = [];
        $escaped = null;
        $next = 0;
        $start = static function (callable $task) use (&$running, &$next, &$escaped): void {
            $fiber = new \Fiber($task);
            self::$ours[$fiber] = true;
            self::step($fiber, static fn () => $fiber->start(), $running, $next++, $escaped);
        };
        foreach ($tasks as $task) {
            while (count($running) >= $concurrency) {
                self::resumeOne($running, $escaped);
            }
            $start($task);
        }
        while ($running !== []) {
            self::resumeOne($running, $escaped);
        }
        if ($escaped !== null) {
            throw $escaped;
        }
    }

    /** @param array<int, array{\Fiber, PromiseInterface}> $running */
    private static function resumeOne(array &$running, ?\Throwable &$escaped): void
    {
        // Wait until any suspended request settles (each wrapper fulfils with its task's key).
        $keys = array_map(static fn (int $k, array $r): PromiseInterface => $r[1]->then(static fn () => $k, static fn () => $k), array_keys($running), $running);
        $key = Utils::any($keys)->wait();
        [$fiber] = $running[$key];
        unset($running[$key]);
        self::step($fiber, static fn () => $fiber->resume(), $running, $key, $escaped);
    }

    /** @param array<int, array{\Fiber, PromiseInterface}> $running */
    private static function step(\Fiber $fiber, \Closure $go, array &$running, int $key, ?\Throwable &$escaped): void
    {
        try {
            $promise = $go();
        } catch (\Throwable $e) {
            $escaped ??= $e;
            return;
        }
        if (!$fiber->isTerminated() && $promise instanceof PromiseInterface) {
            $running[$key] = [$fiber, $promise];
        }
    }
}
