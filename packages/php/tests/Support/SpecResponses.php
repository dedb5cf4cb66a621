<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

/**
 * The error statuses each operation declares in spec/openapi.yaml, read from the spec itself so a
 * status added there is tested here without editing the tests. The spec's layout is fixed by its
 * linter (operations at 4 spaces, response codes at 8), which is all this reader relies on.
 */
final class SpecResponses
{
    /** @return array<string, list<int>> operationId => error statuses */
    public static function errorStatuses(): array
    {
        $spec = (string) file_get_contents(dirname(__DIR__, 4) . '/spec/openapi.yaml');
        $paths = substr($spec, strpos($spec, "\npaths:\n"), strpos($spec, "\ncomponents:\n") - strpos($spec, "\npaths:\n"));
        $statuses = [];
        $operation = null;
        foreach (explode("\n", $paths) as $line) {
            if (preg_match('/^      operationId: (\w+)/', $line, $m)) {
                $operation = $m[1];
                $statuses[$operation] = [];
            } elseif ($operation !== null && preg_match("/^        '([45]\\d\\d)':/", $line, $m)) {
                $statuses[$operation][] = (int) $m[1];
            }
        }
        return $statuses;
    }
}
