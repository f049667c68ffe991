#include <coronet/tcp/socket_stream.hpp>

#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace coronet::tcp {

namespace asio = boost::asio;
using asio::ip::tcp;

task<std::size_t> socket_stream::read_some(asio::mutable_buffer buffer, bool) {
    auto [ec, n] = co_await socket_.async_read_some(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::eof) co_return 0;
    if (ec) throw boost::system::system_error(ec, "read");
    co_return n;
}

task<void> socket_stream::write(asio::const_buffer data) {
    co_await asio::async_write(socket_, data, asio::use_awaitable);
}

namespace {
task<tcp::socket> connect_to(std::string host, std::uint16_t port) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver{executor};
    auto endpoints = co_await resolver.async_resolve(host, std::to_string(port), asio::use_awaitable);
    tcp::socket socket{executor};
    co_await asio::async_connect(socket, endpoints, asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    co_return socket;
}
}  // namespace

// Not a coroutine: `host` is copied now, since the task may run after the caller's string is gone.
task<tcp::socket> connect(std::string_view host, std::uint16_t port) { return connect_to(std::string(host), port); }

}  // namespace coronet::tcp
