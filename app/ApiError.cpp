#include "ApiError.h"

bool ApiError::isTransient() const
{
    if (permanent) {
        return false;
    }
    switch (kind) {
    case Kind::RateLimited:
    case Kind::Server:
    case Kind::Timeout:
    case Kind::Network:
        return true;
    default:
        return false;
    }
}
