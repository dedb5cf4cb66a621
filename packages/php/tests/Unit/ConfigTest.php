<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Unit;

use Dilnaka\Config;
use Dilnaka\Dilnaka;
use Dilnaka\Errors\ConfigException;
use PHPUnit\Framework\TestCase;

final class ConfigTest extends TestCase
{
    private const VARS = ['DILNAKA_API_KEY', 'DILNAKA_BASE_URL', 'DILNAKA_TIMEOUT'];
    private string $dir;
    /** @var array<string, string|false> */
    private array $saved = [];

    protected function setUp(): void
    {
        // CI may export DILNAKA_* for other packages: start every test from a clean environment.
        foreach (self::VARS as $name) {
            $this->saved[$name] = getenv($name);
            putenv($name);
            unset($_ENV[$name]);
        }
        $this->dir = sys_get_temp_dir() . '/dilnaka-config-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
    }

    protected function tearDown(): void
    {
        foreach ($this->saved as $name => $value) {
            putenv($value === false ? $name : "$name=$value");
            unset($_ENV[$name]);
        }
        @unlink($this->dir . '/.env');
        rmdir($this->dir);
    }

    private function envFile(string $text): string
    {
        file_put_contents($this->dir . '/.env', $text);
        return $this->dir . '/.env';
    }

    public function testDefaultsWithOnlyAKey(): void
    {
        $config = Config::resolve(apiKey: 'dlk_live_abcdef9876', envFile: $this->dir . '/.env');
        self::assertSame(Config::DEFAULT_BASE_URL, $config->baseUrl);
        self::assertSame(60.0, $config->timeout);
        self::assertSame(2, $config->maxRetries);
        self::assertSame('dlk_live_abcdef9876', $config->apiKey->reveal());
    }

    public function testPrecedenceArgumentThenEnvironmentThenDotEnvThenDefault(): void
    {
        $file = $this->envFile("# comment\nexport DILNAKA_API_KEY=dlk_dev_fromfile0001\nDILNAKA_TIMEOUT=\"15\" # inline\nDILNAKA_BASE_URL='http://from-file:1/'\n");

        $fromFile = Config::resolve(envFile: $file);
        self::assertSame('dlk_dev_fromfile0001', $fromFile->apiKey->reveal());
        self::assertSame(15.0, $fromFile->timeout);
        self::assertSame('http://from-file:1', $fromFile->baseUrl, 'trailing slash trimmed');

        putenv('DILNAKA_API_KEY=dlk_dev_fromenv0002');
        $_ENV['DILNAKA_TIMEOUT'] = '25';
        $fromEnv = Config::resolve(envFile: $file);
        self::assertSame('dlk_dev_fromenv0002', $fromEnv->apiKey->reveal());
        self::assertSame(25.0, $fromEnv->timeout, '$_ENV counts as the environment too');
        self::assertSame('http://from-file:1', $fromEnv->baseUrl);

        $fromArgs = Config::resolve(apiKey: 'dlk_dev_fromarg0003', baseUrl: 'http://arg:2', timeout: 5, envFile: $file);
        self::assertSame('dlk_dev_fromarg0003', $fromArgs->apiKey->reveal());
        self::assertSame(5.0, $fromArgs->timeout);
        self::assertSame('http://arg:2', $fromArgs->baseUrl);
    }

    public function testReadingDotEnvLeavesTheProcessEnvironmentAlone(): void
    {
        $file = $this->envFile("DILNAKA_API_KEY=dlk_dev_fromfile0001\n");
        Config::resolve(envFile: $file);
        self::assertFalse(getenv('DILNAKA_API_KEY'));
        self::assertArrayNotHasKey('DILNAKA_API_KEY', $_ENV);
        self::assertArrayNotHasKey('DILNAKA_API_KEY', $_SERVER);
    }

    public function testDotEnvOfTheWorkingDirectoryIsTheDefault(): void
    {
        $this->envFile("DILNAKA_API_KEY=dlk_dev_cwdfile0004\n");
        $cwd = getcwd();
        chdir($this->dir);
        try {
            self::assertSame('dlk_dev_cwdfile0004', Config::resolve()->apiKey->reveal());
        } finally {
            chdir((string) $cwd);
        }
    }

    /** @return iterable<string, array{array<string, mixed>, string}> */
    public static function badConfigs(): iterable
    {
        yield 'missing key' => [[], 'Missing Dilnaka API key'];
        yield 'wrong key prefix' => [['apiKey' => 'sk_live_123'], 'must start with dlk_dev_ or dlk_live_'];
        yield 'zero timeout' => [['apiKey' => 'dlk_dev_x', 'timeout' => 0], 'greater than 0'];
        yield 'negative timeout' => [['apiKey' => 'dlk_dev_x', 'timeout' => -1], 'greater than 0'];
        yield 'relative base url' => [['apiKey' => 'dlk_dev_x', 'baseUrl' => 'localhost:4100'], 'Invalid base URL'];
        yield 'ftp base url' => [['apiKey' => 'dlk_dev_x', 'baseUrl' => 'ftp://host'], 'Invalid base URL'];
        yield 'negative retries' => [['apiKey' => 'dlk_dev_x', 'maxRetries' => -1], 'maxRetries'];
    }

    /**
     * @dataProvider badConfigs
     * @param array<string, mixed> $args
     */
    public function testBadConfigurationFailsAtConstructionWithAHint(array $args, string $expected): void
    {
        try {
            new Dilnaka(...$args, envFile: $this->dir . '/.env');
            self::fail('expected a ConfigException');
        } catch (ConfigException $e) {
            self::assertStringContainsString($expected, $e->getMessage());
            self::assertNotEmpty($e->hint);
        }
    }

    public function testNonNumericTimeoutFromTheEnvironment(): void
    {
        putenv('DILNAKA_TIMEOUT=soon');
        $this->expectException(ConfigException::class);
        $this->expectExceptionMessage('Invalid timeout "soon"');
        Config::resolve(apiKey: 'dlk_dev_x', envFile: $this->dir . '/.env');
    }
}
