<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Tests\Support\MockApi;
use Dilnaka\Upload\Source;
use GuzzleHttp\Psr7\Response;
use PHPUnit\Framework\TestCase;

/**
 * Every request, to the API or to storage, asks curl for a connection of its own: on a reused one
 * curl re-sends a request whose connection died, behind the retry policy's back (issue 17; the e2e
 * ReusedConnectionTest shows the duplicates on the wire).
 */
final class ConnectionReuseTest extends TestCase
{
    public function testNoRequestReusesAConnection(): void
    {
        $api = new MockApi([MockApi::json(200, MockApi::presign()), new Response(200), MockApi::json(200, MockApi::file()), MockApi::json(200, MockApi::file())]);
        $api->client->upload(Source::bytes('hello', 'a.txt'));
        $api->client->getFile('file_1');
        self::assertCount(4, $api->history);
        foreach ($api->history as $i => $sent) {
            self::assertTrue($sent['options']['curl'][CURLOPT_FORBID_REUSE] ?? false, "request $i");
        }
        // The PUT keeps its own curl options next to it.
        self::assertSame(1, $api->history[1]['options']['curl'][CURLOPT_LOW_SPEED_LIMIT]);
    }
}
