<?php

declare(strict_types=1);

namespace Dilnaka\Tests\Support;

use GuzzleHttp\Psr7\Response;
use Psr\Http\Message\RequestInterface;

/**
 * RoutedApi routes of a backend with checksums, as the spec has it: the presign echoes the digest
 * as the signed `x-amz-checksum-sha256` header, createMultipartUpload echoes checksumAlgorithm
 * (or answers null with `$echo` false), storage answers `$puts` in order and then stores.
 */
final class ChecksumBackend
{
    private const MIB = 1048576;

    /**
     * @param list<Response> $puts
     * @param list<array<string, mixed>> $list the parts listUploadParts answers
     */
    public static function api(array $puts = [], bool $echo = true, array $list = [], int $partSize = 5 * self::MIB): RoutedApi
    {
        return new RoutedApi([
            'createPresignedUpload' => static function (RequestInterface $r) {
                $sum = RoutedApi::json($r)['checksumSha256'] ?? null;
                return MockApi::json(200, ['headers' => ['Content-Type' => 'application/octet-stream'] + ($sum === null ? [] : ['x-amz-checksum-sha256' => $sum])] + MockApi::presign('f1'));
            },
            'createMultipartUpload' => static fn (RequestInterface $r) => MockApi::json(200, RoutedApi::multipart('f1', $partSize, null) + ['checksumAlgorithm' => $echo ? (RoutedApi::json($r)['checksumAlgorithm'] ?? null) : null]),
            'presignUploadParts' => static fn (RequestInterface $r) => RoutedApi::presignedParts($r),
            'listUploadParts' => static fn () => MockApi::json(200, ['fileId' => 'f1', 'uploadId' => 'u1', 'partSize' => $partSize, 'partCount' => 3, 'size' => 12 * self::MIB, 'parts' => $list]),
            'put' => static function (RequestInterface $r) use (&$puts) {
                return array_shift($puts) ?? RoutedApi::storedPart($r);
            },
            'completeUpload' => static fn () => MockApi::json(200, MockApi::file('f1')),
            'abortUpload' => static fn () => MockApi::json(200, ['success' => true, 'fileId' => 'f1', 'aborted' => true]),
        ], maxRetries: 2);
    }
}
