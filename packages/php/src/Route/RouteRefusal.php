<?php

declare(strict_types=1);

namespace Dilnaka\Route;

/** A refusal of the route itself (400, 403, 405, 413, 415), answered as `{success:false, error, message}`. */
final class RouteRefusal extends \RuntimeException
{
    /** @param array<string, string> $headers */
    public function __construct(
        public readonly int $status,
        public readonly string $errorCode,
        string $message,
        public readonly array $headers = [],
    ) {
        parent::__construct($message);
    }

    public static function invalidRequest(string $message): self
    {
        return new self(400, 'invalid_request', $message);
    }
}
