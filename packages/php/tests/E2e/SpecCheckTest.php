<?php

declare(strict_types=1);

namespace Dilnaka\Tests\E2e;

use Dilnaka\Dilnaka;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use Psr\Http\Message\ResponseInterface;

/**
 * DILNAKA_E2E_PRISM_PROXY=1 (issue #17) puts `prism proxy --errors` between this suite and the dev
 * server, so any request or response that breaks spec/openapi.yaml fails the run. This proves the
 * switch reached the dev server this suite starts (through `pnpm dev-server`) and the SDK's calls
 * really pass the proxy; without the switch they go to the API directly.
 */
final class SpecCheckTest extends E2eTestCase
{
    private const MARK = 'prism proxy --errors';

    public function testTheSdkTrafficPassesPrismExactlyWhenTheSwitchIsOn(): void
    {
        $switchOn = getenv('DILNAKA_E2E_PRISM_PROXY') === '1';
        $seen = [];
        $stack = HandlerStack::create();
        $stack->push(Middleware::mapResponse(static function (ResponseInterface $r) use (&$seen): ResponseInterface {
            $seen[] = $r->getHeaderLine('X-Dilnaka-Spec-Check');
            return $r;
        }));
        $client = new Dilnaka(apiKey: self::$server->apiKey, baseUrl: self::$server->baseUrl, handler: $stack, envFile: '/nonexistent/.env');
        $client->listFiles(limit: 1)->current();
        self::assertNotEmpty($seen);
        self::assertSame(array_fill(0, count($seen), $switchOn ? self::MARK : ''), $seen);
        // Test controls are not in the spec: they go straight to the API either way.
        $controls = (new \GuzzleHttp\Client(['http_errors' => false]))->get(self::$server->baseUrl . '/__dev/faults');
        self::assertSame([200, ''], [$controls->getStatusCode(), $controls->getHeaderLine('X-Dilnaka-Spec-Check')]);
    }
}
