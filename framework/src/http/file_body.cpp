#include <coronet/http/file_body.hpp>

#include <errno.h>
#include <unistd.h>

#include <system_error>

namespace coronet::http {

std::string read_file_body(const file_body& body) {
    std::string out(body.length, '\0');
    std::size_t got = 0;
    while (got < out.size()) {
        auto n = ::pread(body.fd, out.data() + got, out.size() - got, static_cast<off_t>(body.offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::system_error(errno, std::generic_category(), "pread");
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    return out;
}

}  // namespace coronet::http
