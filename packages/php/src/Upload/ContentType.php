<?php

declare(strict_types=1);

namespace Dilnaka\Upload;

use Dilnaka\Generated\ContentTypes;

/**
 * The Content-Type sent when the caller gives none: the table all three SDKs share
 * (spec/content-types.json, generated into generated/ContentTypes.php), by the rules of
 * spec/scenarios/content-type.json. Guzzle's MimeType has a larger table of its own, and so
 * answered differently from the other SDKs for the same name.
 */
final class ContentType
{
    public static function guess(string $filename): string
    {
        $base = basename(str_replace('\\', '/', $filename));
        $dot = strrpos($base, '.');
        // A name whose only dot is its first character (".env") has no extension.
        $ext = $dot !== false && $dot > 0 ? strtolower(substr($base, $dot + 1)) : '';
        return ContentTypes::TYPES[$ext] ?? 'application/octet-stream';
    }
}
