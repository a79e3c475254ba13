"""What client-go takes from gopkg.in/evanphx/json-patch.v4: RFC 6902 JSON patch and RFC 7386 merge patch,
with that library's behaviour and error texts (private: client-go does not re-export it either)."""
