<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Errors\ValidationException;
use Dilnaka\Generated\Model\PresignRequest;
use Dilnaka\Generated\ObjectSerializer;
use Dilnaka\Transport;
use Dilnaka\Types\PresignedUpload;

/**
 * Step 1 of an upload: reserve a file id and get the presigned URL. The body is the generated
 * `PresignRequest` model, so its spec constraints (lengths, minimums) are checked here, before any
 * request, on top of the folder rules the API enforces.
 */
final class Presign
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * @param array<string, string> $metadata
     * @param string|null $checksumSha256 base64 SHA-256 of the bytes: storage then refuses any other bytes
     */
    public function __invoke(string $filename, string $contentType, int $size, string $folder = 'uploads', array $metadata = [], ?string $checksumSha256 = null): PresignedUpload
    {
        $body = self::request($filename, $contentType, $size, $folder, $metadata, $checksumSha256);
        $data = $this->transport->api('createPresignedUpload', 'POST', '/v1/uploads/presign', json: (array) ObjectSerializer::sanitizeForSerialization($body));
        return PresignedUpload::fromArray($data, $contentType);
    }

    /** @param array<mixed> $metadata */
    public static function request(string $filename, string $contentType, int $size, string $folder, array $metadata, ?string $checksumSha256 = null): PresignRequest
    {
        if ($size < 0) {
            throw new ValidationException("size must be 0 or more; got $size.", hint: 'Pass the exact number of bytes you will upload.');
        }
        Checks::filename($filename);
        Checks::contentType($contentType);
        Checks::folder($folder);
        if ($checksumSha256 !== null) {
            Checks::checksumSha256($checksumSha256);
        }
        $fields = ['filename' => $filename, 'contentType' => $contentType, 'size' => $size, 'folder' => $folder];
        if ($metadata !== []) {
            $fields['metadata'] = Checks::metadata($metadata);
        }
        if ($checksumSha256 !== null) {
            $fields['checksumSha256'] = $checksumSha256;
        }
        // The constructor takes values unchecked: listInvalidProperties() names every problem.
        $request = new PresignRequest($fields);
        $problems = $request->listInvalidProperties();
        if ($problems !== []) {
            // Never the model's raw pattern: name the field and the rule it breaks.
            $named = array_map(static fn (string $p): string => (string) preg_replace('~,? must be conform to the pattern .*$~s', ' breaks the contract\'s pattern for it', $p), $problems);
            throw new ValidationException('Invalid upload request: ' . implode(' ', $named), hint: 'Shorten or fix the named field.');
        }
        return $request;
    }
}
