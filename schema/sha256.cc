// Sha256Hex: the content address of a stored page (FIPS 180-4 SHA-256 via OpenSSL EVP).
#include <cassert>
#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "schema/store.h"

namespace factsift::schema {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  const int ok =
      EVP_Digest(bytes.data(), bytes.size(), digest, &digest_size, EVP_sha256(), nullptr);
  // Fails only when OpenSSL cannot allocate or has no SHA-256: not input-dependent.
  assert(ok == 1 && digest_size == 32);
  if (ok != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size_t{2} * digest_size);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace factsift::schema
