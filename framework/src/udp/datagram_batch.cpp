#include "udp/datagram_batch.hpp"

#include <algorithm>
#include <cstring>

namespace coronet::udp_detail {

receive_batch::receive_batch(std::size_t capacity, std::size_t max_datagram)
    : max_datagram_(max_datagram),
      slots_(std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(capacity * max_datagram, 1))),
      senders_(capacity),
      vectors_(capacity),
      headers_(capacity) {
    for (std::size_t i = 0; i < capacity; ++i) {
        vectors_[i] = {slots_.get() + i * max_datagram, max_datagram};
        std::memset(&headers_[i], 0, sizeof headers_[i]);
        headers_[i].msg_hdr.msg_iov = &vectors_[i];
        headers_[i].msg_hdr.msg_iovlen = 1;
    }
}

int receive_batch::receive(int fd, std::size_t limit) {
    std::size_t count = std::min(limit, capacity());
    for (std::size_t i = 0; i < count; ++i) {
        // The kernel shortens msg_namelen to the sender's size: give each slot the room back.
        headers_[i].msg_hdr.msg_name = senders_[i].data();
        headers_[i].msg_hdr.msg_namelen = static_cast<socklen_t>(senders_[i].capacity());
    }
    // MSG_TRUNC: msg_len is the datagram's real size, even when it was cut to the slot.
    int got = ::recvmmsg(fd, headers_.data(), static_cast<unsigned>(count), MSG_DONTWAIT | MSG_TRUNC, nullptr);
    for (int i = 0; i < got; ++i) senders_[i].resize(headers_[i].msg_hdr.msg_namelen);
    return got;
}

std::string_view receive_batch::payload(std::size_t i) const {
    return {slots_.get() + i * max_datagram_, std::min<std::size_t>(headers_[i].msg_len, max_datagram_)};
}

void reply_batch::add(const endpoint& to, std::string data) {
    to_.push_back(to);
    data_.push_back(std::move(data));
}

void reply_batch::clear() {
    to_.clear();
    data_.clear();
    next_ = 0;
}

int reply_batch::send_some(int fd) {
    std::size_t count = waiting();
    vectors_.resize(count);
    headers_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        auto& data = data_[next_ + i];
        auto& to = to_[next_ + i];
        vectors_[i] = {data.data(), data.size()};
        std::memset(&headers_[i], 0, sizeof headers_[i]);
        headers_[i].msg_hdr.msg_name = to.data();
        headers_[i].msg_hdr.msg_namelen = static_cast<socklen_t>(to.size());
        headers_[i].msg_hdr.msg_iov = &vectors_[i];
        headers_[i].msg_hdr.msg_iovlen = 1;
    }
    return ::sendmmsg(fd, headers_.data(), static_cast<unsigned>(count), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace coronet::udp_detail
