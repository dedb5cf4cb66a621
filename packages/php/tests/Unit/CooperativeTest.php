<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Cooperative;
use Dilnaka\Tests\Support\MockApi;
use PHPUnit\Framework\TestCase;

/** The fiber scheduler under uploadDirectory(): tasks interleave at their requests, nothing else changes. */
final class CooperativeTest extends TestCase
{
    public function testTasksInterleaveAtTheirRequestsWithinTheBound(): void
    {
        $api = new MockApi(array_map(static fn (int $i) => MockApi::json(200, MockApi::file("f$i")), range(0, 5)));
        $log = [];
        $tasks = [];
        foreach ([0, 1, 2] as $t) {
            $tasks[] = static function () use ($api, $t, &$log): void {
                $log[] = "start $t";
                $api->client->getFile("f$t");
                $log[] = "end $t";
            };
        }
        Cooperative::run($tasks, 2);
        self::assertSame(['start 0', 'start 1', 'end 0', 'start 2', 'end 1', 'end 2'], $log);
        self::assertCount(3, $api->history);
    }

    public function testAnEscapedExceptionIsThrownAfterTheOthersFinished(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::file('f1'))]);
        $done = false;
        try {
            Cooperative::run([
                static fn () => throw new \LogicException('task bug'),
                static function () use ($api, &$done): void {
                    $api->client->getFile('f1');
                    $done = true;
                },
            ], 2);
            self::fail('not thrown');
        } catch (\LogicException $e) {
            self::assertSame(['task bug', true], [$e->getMessage(), $done]);
        }
    }

    public function testACallersOwnFiberIsNeverSuspendedByTheSdk(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::file('f1'))]);
        $fiber = new \Fiber(static fn () => $api->client->getFile('f1')->id);
        self::assertNull($fiber->start(), 'nothing suspended: the call ran through');
        self::assertSame(['f1', false], [$fiber->getReturn(), Cooperative::active()]);
    }
}
