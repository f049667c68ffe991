#pragma once
// A byte_stream over a plain TCP socket: clients use it to speak a framing.
#include <boost/asio/ip/tcp.hpp>

#include <coronet/byte_stream.hpp>

namespace coronet::tcp {

class socket_stream final : public byte_stream {
public:
    explicit socket_stream(boost::asio::ip::tcp::socket& socket) : socket_(socket) {}
    // 0 at end of stream; throws boost::system::system_error on other errors.
    task<std::size_t> read_some(boost::asio::mutable_buffer buffer, bool idle = true) override;
    task<void> write(boost::asio::const_buffer data) override;

private:
    boost::asio::ip::tcp::socket& socket_;
};

// Connects to host:port (a name or an address); throws on failure.
task<boost::asio::ip::tcp::socket> connect(std::string_view host, std::uint16_t port);

}  // namespace coronet::tcp
