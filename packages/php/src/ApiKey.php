<?php

declare(strict_types=1);

namespace Dilnaka;

use Dilnaka\Errors\ConfigException;

/**
 * Holds the API key so that it cannot leak by accident: `var_dump`, `print_r`, `var_export`,
 * `json_encode` and string casts show only `dlk_dev_…abcd`, and `serialize` refuses.
 * The key lives inside a closure because `var_export` ignores `__debugInfo` but cannot look into one.
 */
final class ApiKey implements \JsonSerializable, \Stringable
{
    public const PREFIXES = ['dlk_dev_', 'dlk_live_'];

    private \Closure $reveal;

    public function __construct(#[\SensitiveParameter] string $key)
    {
        if (trim($key) === '') {
            throw new ConfigException(
                'Missing Dilnaka API key',
                errorCode: 'missing_api_key',
                hint: 'Set DILNAKA_API_KEY in the environment or in .env, or pass new Dilnaka(apiKey: \'dlk_dev_…\').',
            );
        }
        // The same rule as the TypeScript and Python SDKs (spec/scenarios/config.json): a known
        // prefix, then at least one character, and no whitespace anywhere.
        if (preg_match('/^dlk_(dev|live)_\S+$/D', $key) !== 1) {
            throw new ConfigException(
                'Invalid Dilnaka API key format: it must start with dlk_dev_ or dlk_live_',
                errorCode: 'invalid_api_key',
                hint: 'Copy the key from the Dilnaka dashboard; keys look like dlk_dev_… or dlk_live_….',
            );
        }
        $this->reveal = static fn (): string => $key;
    }

    /** The key itself, for the Authorization header of API requests only. */
    public function reveal(): string
    {
        return ($this->reveal)();
    }

    /** `dlk_dev_…abcd`: the prefix and the last four characters; no tail at all for a key of 8 or fewer after the prefix. */
    public function masked(): string
    {
        $key = $this->reveal();
        $prefix = str_starts_with($key, 'dlk_live_') ? 'dlk_live_' : 'dlk_dev_';
        return $prefix . '…' . (strlen($key) - strlen($prefix) > 8 ? substr($key, -4) : '');
    }

    /** Replaces every occurrence of the key in a text (an error message, say) by its masked form. */
    public function redact(string $text): string
    {
        return str_replace($this->reveal(), $this->masked(), $text);
    }

    public function __toString(): string
    {
        return $this->masked();
    }

    public function jsonSerialize(): string
    {
        return $this->masked();
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['key' => $this->masked()];
    }

    /** @return array<string, string> */
    public function __serialize(): array
    {
        throw new \LogicException('A Dilnaka API key is not serializable: keep it in the environment instead.');
    }
}
