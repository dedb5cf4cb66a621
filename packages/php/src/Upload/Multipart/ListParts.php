<?php

declare(strict_types=1);

namespace Dilnaka\Upload\Multipart;

use Dilnaka\Transport;
use Dilnaka\Types\UploadPartList;
use Dilnaka\Validate;

/** listUploadParts: the parts storage holds for a pending multipart upload (what a resume reads). */
final class ListParts
{
    public function __construct(private readonly Transport $transport)
    {
    }

    public function __invoke(string $fileId): UploadPartList
    {
        $id = Validate::fileId($fileId);
        return UploadPartList::fromArray($this->transport->api('listUploadParts', 'GET', "/v1/uploads/$id/parts"), $id);
    }
}
