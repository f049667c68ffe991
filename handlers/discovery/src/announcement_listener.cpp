#include <coronet/handlers/announcement_listener.hpp>

#include <poll.h>

#include <algorithm>
#include <array>

#include <boost/asio/io_context.hpp>
#include <boost/system/system_error.hpp>

namespace coronet::handlers {

namespace asio = boost::asio;
using asio::ip::udp;
using clock_type = std::chrono::steady_clock;

struct announcement_listener::impl {
    asio::io_context ctx;
    udp::socket socket{ctx};
};

announcement_listener::announcement_listener(listener_options options) : impl_(std::make_unique<impl>()) {
    udp::endpoint at(asio::ip::make_address(options.address), options.port);
    auto& s = impl_->socket;
    s.open(at.protocol());
    s.set_option(asio::socket_base::reuse_address(true));
    s.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    s.bind(at);
    s.non_blocking(true);
}

announcement_listener::~announcement_listener() = default;

std::uint16_t announcement_listener::port() const { return impl_->socket.local_endpoint().port(); }

std::vector<heard_announcement> announcement_listener::listen(
    std::chrono::milliseconds window, const std::function<bool(const std::vector<heard_announcement>&)>& enough) {
    std::vector<heard_announcement> heard;
    std::array<char, max_announcement_bytes + 1> buffer;   // one more: a longer datagram shows as too long
    auto deadline = clock_type::now() + window;
    auto& s = impl_->socket;
    while (!(enough && enough(heard))) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_type::now());
        if (left <= std::chrono::milliseconds::zero()) break;
        pollfd p{s.native_handle(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;   // timeout (loop ends) or EINTR
        udp::endpoint from;
        boost::system::error_code ec;
        auto n = s.receive_from(asio::buffer(buffer), from, 0, ec);
        if (ec) continue;   // would_block after a spurious wake-up, or an ICMP error queued for the socket
        auto parsed = parse_announcement(std::string_view(buffer.data(), n));
        if (!parsed) {
            ++ignored_;
            continue;
        }
        bool repeat = std::any_of(heard.begin(), heard.end(),
                                  [&](const heard_announcement& h) { return h.from == from && h.what == *parsed; });
        if (!repeat) heard.push_back({from, std::move(*parsed)});
    }
    return heard;
}

}  // namespace coronet::handlers
