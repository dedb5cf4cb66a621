<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Contract;

use Dilnaka\Dilnaka;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use PHPUnit\Framework\TestCase;
use Psr\Http\Message\RequestInterface;

/**
 * Talks to the Prism mock of spec/openapi.yaml that `node ../../scripts/with-prism.mjs` starts
 * (DILNAKA_BASE_URL). Prism validates every request against the spec and answers with the spec's
 * examples; the `Prefer` header picks an error status or a named example.
 */
abstract class PrismTestCase extends TestCase
{
    protected static function baseUrl(): string
    {
        $url = getenv('DILNAKA_BASE_URL');
        if ($url === false || $url === '') {
            self::markTestSkipped('DILNAKA_BASE_URL is not set: run through `node ../../scripts/with-prism.mjs phpunit --testsuite contract`.');
        }
        return $url;
    }

    /**
     * @param string|null $prefer e.g. "code=404" or "example=bandwidth_overage_active"
     * @param list<RequestInterface> $sent receives every request that went out
     */
    protected static function client(?string $prefer = null, array &$sent = [], ?callable $handler = null, int $maxRetries = 0): Dilnaka
    {
        $stack = HandlerStack::create($handler);
        if ($prefer !== null) {
            $stack->push(Middleware::mapRequest(static fn (RequestInterface $r): RequestInterface => $r->withHeader('Prefer', $prefer)));
        }
        $stack->push(Middleware::mapRequest(static function (RequestInterface $r) use (&$sent): RequestInterface {
            $sent[] = $r;
            return $r;
        }));
        return new Dilnaka(apiKey: 'dlk_dev_contract0000', baseUrl: self::baseUrl(), timeout: 10, maxRetries: $maxRetries, handler: $stack, envFile: '/nonexistent/.env');
    }
}
