#pragma once
// Many datagrams per system call: recvmmsg into fixed slots, sendmmsg from a list of replies.
// Both work on a non-blocking socket and never wait: the receive loop decides when to.
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/udp.hpp>

namespace coronet::udp_detail {

using endpoint = boost::asio::ip::udp::endpoint;

// Up to `capacity` datagrams read with one recvmmsg, each into its own slot of `max_datagram`
// bytes (longer ones are cut; MSG_TRUNC still reports their real size), with its sender.
class receive_batch {
public:
    receive_batch(std::size_t capacity, std::size_t max_datagram);

    // Reads what the socket holds now, at most min(limit, capacity) datagrams: their count
    // (at least 1), or -1 with errno set (EAGAIN/EWOULDBLOCK: nothing there).
    int receive(int fd, std::size_t limit);

    std::size_t capacity() const { return headers_.size(); }
    std::string_view payload(std::size_t i) const;          // the bytes kept of datagram i
    std::size_t wire_size(std::size_t i) const { return headers_[i].msg_len; }
    const endpoint& sender(std::size_t i) const { return senders_[i]; }

private:
    std::size_t max_datagram_;
    // Not zeroed: a slot's pages are backed only once a datagram that long was read into it.
    std::unique_ptr<char[]> slots_;
    std::vector<endpoint> senders_;
    std::vector<iovec> vectors_;
    std::vector<mmsghdr> headers_;
};

// Replies waiting to be sent, sent with sendmmsg.
class reply_batch {
public:
    void add(const endpoint& to, std::string data);
    bool empty() const { return next_ == data_.size(); }
    std::size_t waiting() const { return data_.size() - next_; }

    // Sends what the socket takes now. A reply the kernel refuses (EMSGSIZE, EACCES without
    // SO_BROADCAST, ...) is dropped and reported to `refused(to, errno)`. Returns true once all
    // are sent (the batch is then empty), false when the socket is full (EAGAIN).
    template <class Refused>
    bool send(int fd, Refused&& refused) {
        while (!empty()) {
            int sent = send_some(fd);
            if (sent > 0) {
                next_ += static_cast<std::size_t>(sent);
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return false;
            } else if (errno != EINTR) {
                refused(to_[next_], errno);
                ++next_;
            }
        }
        clear();
        return true;
    }

    void clear();

private:
    int send_some(int fd);   // sendmmsg of the replies from next_ on

    std::vector<endpoint> to_;
    std::vector<std::string> data_;
    std::size_t next_ = 0;
    std::vector<iovec> vectors_;
    std::vector<mmsghdr> headers_;
};

}  // namespace coronet::udp_detail
