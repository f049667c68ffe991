#include <coronet/handlers/chat_room.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <coronet/handlers/chat_protocol.hpp>
#include <coronet/log.hpp>

namespace coronet::handlers {

namespace {

std::string name_key(std::string_view name) {
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return key;
}

std::string address_of(const chat_room::endpoint& e) { return fmt::format("{}:{}", e.address().to_string(), e.port()); }

std::string error(std::string_view reason) {
    std::string text = "ERROR ";
    text.append(reason);
    return text;
}

}  // namespace

chat_room::chat_room(chat_options options) : options_(options), log_(options.log ? *options.log : default_logger()) {}

std::vector<chat_delivery> chat_room::receive(std::string_view datagram, std::size_t wire_size, const endpoint& from,
                                              clock::time_point now) {
    auto command = parse_chat_command(datagram);
    if (command.verb == chat_verb::unknown)
        return {{from, error("unknown command: JOIN name, SAY text, PING, WHO or LEAVE")}};
    if (command.verb == chat_verb::join) return join(command.argument, from, now);
    auto found = members_.find(from);
    if (found == members_.end()) return {{from, error("not joined: JOIN name first")}};
    found->second.last_heard = now;
    switch (command.verb) {
    case chat_verb::say: {
        auto cut = wire_size > datagram.size() ? wire_size - datagram.size() : 0;
        return say(found->second, command.argument, command.argument.size() + cut, from);
    }
    case chat_verb::ping: return {{from, "PONG"}};
    case chat_verb::who: {
        std::string text = "MEMBERS ";
        auto all = names();
        for (std::size_t i = 0; i < all.size(); ++i) text.append(i ? ", " : "").append(all[i]);
        return {{from, std::move(text)}};
    }
    default: return leave(from, "");
    }
}

chat_room::deliveries chat_room::join(std::string_view name, const endpoint& from, clock::time_point now) {
    if (auto problem = chat_name_problem(name, options_.max_name_bytes)) return {{from, error(*problem)}};
    auto key = name_key(name);
    auto holder = by_name_.find(key);
    auto self = members_.find(from);
    if (holder != by_name_.end() && holder->second != from)
        return {{from, error(fmt::format("name taken: {}", name))}};
    deliveries out{{from, fmt::format("WELCOME {}", name)}};
    if (self != members_.end()) {
        self->second.last_heard = now;
        if (self->second.name == name) return out;     // a repeated JOIN: its WELCOME was lost
        log_.info("chat: {} is now {}", self->second.name, name);
        tell_others(out, from, fmt::format("RENAMED {} {}", self->second.name, name));
        by_name_.erase(name_key(self->second.name));
        self->second.name = name;
        by_name_[key] = from;
        return out;
    }
    if (members_.size() >= options_.max_members) {
        warn_once(told_full_, fmt::format("the room is full ({} members)", options_.max_members));
        return {{from, error(fmt::format("room full: {} members", options_.max_members))}};
    }
    members_.emplace(from, member{std::string(name), now});
    by_name_.emplace(std::move(key), from);
    log_.info("chat: {} joined from {} ({} in the room)", name, address_of(from), members_.size());
    tell_others(out, from, fmt::format("JOINED {}", name));
    return out;
}

chat_room::deliveries chat_room::say(const member& speaker, std::string_view text, std::size_t wire_bytes,
                                     const endpoint& from) {
    if (auto problem = chat_text_problem(text, wire_bytes, options_.max_message_bytes)) {
        if (wire_bytes > options_.max_message_bytes)
            warn_once(told_too_long_, fmt::format("a message of {} bytes from {} refused", wire_bytes, speaker.name));
        return {{from, error(*problem)}};
    }
    deliveries out;
    tell_others(out, from, fmt::format("FROM {}: {}", speaker.name, text));
    return out;
}

chat_room::deliveries chat_room::leave(const endpoint& from, std::string_view reason) {
    auto found = members_.find(from);
    auto name = std::move(found->second.name);
    by_name_.erase(name_key(name));
    members_.erase(found);
    log_.info("chat: {} left{}{} ({} in the room)", name, reason.empty() ? "" : ": ", reason, members_.size());
    deliveries out{{from, reason.empty() ? std::string("BYE") : fmt::format("BYE {}", reason)}};
    tell_others(out, from, reason.empty() ? fmt::format("LEFT {}", name) : fmt::format("LEFT {} ({})", name, reason));
    return out;
}

std::vector<chat_delivery> chat_room::sweep(clock::time_point now) {
    std::vector<endpoint> silent;
    for (const auto& [address, m] : members_)
        if (now - m.last_heard > options_.timeout) silent.push_back(address);
    deliveries out;
    for (const auto& address : silent) {
        auto told = leave(address, "timed out");
        out.insert(out.end(), std::make_move_iterator(told.begin()), std::make_move_iterator(told.end()));
    }
    return out;
}

std::vector<chat_delivery> chat_room::close() {
    deliveries out;
    for (const auto& [address, m] : members_) out.push_back({address, "BYE server shutting down"});
    if (!members_.empty()) log_.info("chat: closing the room ({} members told)", members_.size());
    members_.clear();
    by_name_.clear();
    return out;
}

std::vector<std::string> chat_room::names() const {
    std::vector<std::string> all;
    for (const auto& [key, address] : by_name_) all.push_back(members_.at(address).name);
    return all;
}

void chat_room::tell_others(deliveries& out, const endpoint& except, const std::string& text) const {
    for (const auto& [address, m] : members_)
        if (address != except) out.push_back({address, text});
}

void chat_room::warn_once(bool& told, std::string_view what) {
    if (told) return log_.debug("chat: {}", what);
    told = true;
    log_.warn("chat: {} (further ones logged at debug level)", what);
}

}  // namespace coronet::handlers
