<?php

declare(strict_types=1);

/*
 * A runnable upload route in plain PHP: `POST /api/upload` for the browser uploader of
 * `@dilnaka/client`, with the API key held here, never sent to the page.
 *
 *     DILNAKA_API_KEY=dlk_dev_... DILNAKA_BASE_URL=http://127.0.0.1:4100 \
 *     DILNAKA_ROUTE_TOKEN_SECRET=$(php -r 'echo bin2hex(random_bytes(32));') \
 *     php -S 127.0.0.1:$PORT packages/php/examples/upload-route-server.php
 *
 * Pages served from loopback origins (`http://127.0.0.1:*`, `http://localhost:*`) may call it (CORS).
 * `UPLOAD_ALLOWED_TYPES` (optional, comma-separated, e.g. `image/*,application/pdf`) narrows the types.
 * In your app, `require 'vendor/autoload.php'` is all the loading you need.
 */

use Dilnaka\Dilnaka;
use Dilnaka\Route\UploadCompletion;
use Dilnaka\Route\UploadIntent;
use Dilnaka\Route\UploadPolicy;
use Dilnaka\Route\UploadRefused;
use Dilnaka\Route\UploadRoute;
use Dilnaka\Types\UploadedFile;
use GuzzleHttp\Psr7\ServerRequest;
use Psr\Http\Message\ResponseInterface;

// This repo's checkout: Guzzle from Debian's packages, then the package's own autoloader.
foreach (['GuzzleHttp/autoload.php', 'GuzzleHttp/Psr7/autoload.php', 'GuzzleHttp/Promise/autoload.php'] as $debian) {
    if (stream_resolve_include_path($debian) !== false) {
        require_once $debian;
    }
}
require_once dirname(__DIR__) . '/vendor/autoload.php';

const LOOPBACK_ORIGIN = '/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/';

function send(ResponseInterface $response): void
{
    http_response_code($response->getStatusCode());
    foreach ($response->getHeaders() as $name => $values) {
        header("$name: " . implode(', ', $values));
    }
    $origin = $_SERVER['HTTP_ORIGIN'] ?? '';
    if (preg_match(LOOPBACK_ORIGIN, $origin) === 1) {
        header("Access-Control-Allow-Origin: $origin");
        header('Vary: Origin');
    }
    echo $response->getBody();
}

$request = ServerRequest::fromGlobals();
if ($request->getUri()->getPath() !== '/api/upload') {
    send(new GuzzleHttp\Psr7\Response(404, ['Content-Type' => 'application/json'], '{"success":false,"error":"not_found","message":"No such route."}'));
    return;
}
if ($request->getMethod() === 'OPTIONS') { // the CORS preflight of a page on another loopback port
    send(new GuzzleHttp\Psr7\Response(204, ['Access-Control-Allow-Methods' => 'POST', 'Access-Control-Allow-Headers' => 'content-type']));
    return;
}

$allowed = array_values(array_filter(array_map('trim', explode(',', (string) getenv('UPLOAD_ALLOWED_TYPES')))));
$route = new UploadRoute(
    client: new Dilnaka(), // DILNAKA_API_KEY and DILNAKA_BASE_URL from the environment
    tokenSecret: (string) getenv('DILNAKA_ROUTE_TOKEN_SECRET'),
    // Your rules: who may upload what. $intent->request is the PSR-7 request, for cookies or headers.
    onBeforeUpload: static function (UploadIntent $intent) use ($allowed): UploadPolicy {
        if (preg_match('/\.(exe|bat|cmd)$/i', $intent->filename) === 1) {
            throw new UploadRefused("{$intent->filename}: executables are not accepted.");
        }
        return new UploadPolicy(
            allowedContentTypes: $allowed !== [] ? $allowed : null,
            maxSize: 100 * 1024 * 1024,
            folder: 'browser-uploads',
            metadata: ['uploadedVia' => 'upload-route-server.php'],
        );
    },
    onUploadCompleted: static function (UploadedFile $file, UploadCompletion $completion): void {
        // e.g. save the file id with its owner; $completion->clientPayload is what the page sent at presign
        error_log("uploaded {$file->id} as {$file->key} ({$completion->clientPayload})");
    },
);
send($route->handle($request));
