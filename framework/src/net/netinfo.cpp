#include <coronet/net/netinfo.hpp>

#include <netdb.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace coronet::net {

namespace ip = boost::asio::ip;

std::string host_name() {
    std::array<char, HOST_NAME_MAX + 1> name{};
    if (::gethostname(name.data(), name.size() - 1) != 0) return {};
    return name.data();
}

std::vector<ip::address> resolve_host(std::string_view host) {
    boost::asio::io_context ctx;
    ip::tcp::resolver resolver(ctx);
    // No service and no flags: every address family, as getaddrinfo gives them.
    auto results = resolver.resolve(std::string(host), "");
    std::vector<ip::address> out;
    for (const auto& entry : results) {
        auto a = entry.endpoint().address();
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    std::stable_partition(out.begin(), out.end(), [](const ip::address& a) { return a.is_v4(); });
    return out;
}

namespace {
// getservbyname_r/getservbyport_r: the reentrant forms, so threads do not share a result.
constexpr std::size_t servent_buffer_size = 4096;
}  // namespace

std::optional<std::uint16_t> service_port(std::string_view service, std::string_view protocol) {
    servent entry{}, *found = nullptr;
    std::array<char, servent_buffer_size> buffer{};
    std::string name(service), proto(protocol);
    if (::getservbyname_r(name.c_str(), proto.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return std::nullopt;
    return ntohs(static_cast<std::uint16_t>(found->s_port));
}

std::optional<std::string> service_name(std::uint16_t port, std::string_view protocol) {
    servent entry{}, *found = nullptr;
    std::array<char, servent_buffer_size> buffer{};
    std::string proto(protocol);
    if (::getservbyport_r(htons(port), proto.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return std::nullopt;
    return std::string(found->s_name);
}

std::optional<std::vector<std::uint8_t>> address_bytes(std::string_view text) {
    boost::system::error_code ec;
    auto a = ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    if (a.is_v4()) {
        auto b = a.to_v4().to_bytes();
        return std::vector<std::uint8_t>(b.begin(), b.end());
    }
    auto b = a.to_v6().to_bytes();
    return std::vector<std::uint8_t>(b.begin(), b.end());
}

std::optional<std::string> address_text(std::span<const std::uint8_t> bytes) {
    if (bytes.size() == 4) {
        ip::address_v4::bytes_type b;
        std::copy(bytes.begin(), bytes.end(), b.begin());
        return ip::address_v4(b).to_string();
    }
    if (bytes.size() == 16) {
        ip::address_v6::bytes_type b;
        std::copy(bytes.begin(), bytes.end(), b.begin());
        return ip::address_v6(b).to_string();
    }
    return std::nullopt;
}

}  // namespace coronet::net
