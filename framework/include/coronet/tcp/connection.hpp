#pragma once
// One accepted TCP connection, as the connection handler of a tcp::server sees it.
#include <chrono>
#include <cstddef>
#include <memory>

#include <boost/asio/ip/tcp.hpp>

#include <coronet/byte_stream.hpp>

namespace coronet::tcp {

using boost::asio::ip::tcp;

namespace detail { struct connection_state; }

class connection final : public byte_stream {
public:
    explicit connection(std::shared_ptr<detail::connection_state> state);
    ~connection();

    // End of stream (0) when the client closed its side, when the connection sat idle past
    // the server's idle timeout, or when the server is draining and `idle` is true.
    // Throws boost::system::system_error for resets and for timeouts mid-message.
    task<std::size_t> read_some(boost::asio::mutable_buffer buffer, bool idle = true) override;
    task<void> write(boost::asio::const_buffer data) override;

    const tcp::endpoint& remote_endpoint() const;
    tcp::socket& socket();
    bool draining() const;      // the server is shutting down: finish up

private:
    std::shared_ptr<detail::connection_state> state_;
};

}  // namespace coronet::tcp
