// The stub's TCP side: one gdb on 127.0.0.1 (never another interface: the
// protocol has no authentication), bytes through PacketParser and Session.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "irqsim/gdb.hpp"

namespace irqsim::gdb {

Server::Server(uint16_t port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw GdbError(fmt::format("--gdb {}: cannot open a socket: {}", port, std::strerror(errno)));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // No SO_REUSEADDR: a port another program listens on must fail here.
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(listen_fd_, 1) < 0) {
        int e = errno;
        ::close(listen_fd_);
        throw GdbError(e == EADDRINUSE ? fmt::format("--gdb {}: 127.0.0.1:{} is already in use", port, port)
                                       : fmt::format("--gdb {}: cannot listen on 127.0.0.1:{}: {}", port, port,
                                                     std::strerror(e)));
    }
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
}

Server::~Server() {
    if (fd_ >= 0) ::close(fd_);
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

void Server::send_all(std::string_view bytes) {
    while (!bytes.empty() && !disconnected_) {
        ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            disconnected_ = true;
            return;
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
}

bool Server::poll_interrupt() {
    if (disconnected_) return true;
    char buf[512];
    ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        disconnected_ = true;  // gdb went away: stop, then carry on without it
        return true;
    }
    bool interrupt = false;
    for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\x03')
            interrupt = true;
        else
            inbox_ += buf[i];  // for the parser, once stopped
    }
    return interrupt;
}

Server::End Server::serve(Target& target) {
    do fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) throw GdbError(fmt::format("--gdb {}: accept: {}", port_, std::strerror(errno)));
    ::close(listen_fd_);  // one gdb per run
    listen_fd_ = -1;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    Session session(target);
    session.set_interrupt_poll([this] { return poll_interrupt(); });
    PacketParser parser;
    std::vector<PacketParser::Event> events;
    std::string last_sent;
    auto reply = [&](const Session::Reply& r) {
        if (!r.send) return;
        last_sent = frame(r.data, r.binary);
        send_all(last_sent);
    };
    char buf[4096];
    while (!disconnected_) {
        std::string bytes;
        if (!inbox_.empty()) {
            bytes.swap(inbox_);
        } else {
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            bytes.assign(buf, static_cast<size_t>(n));
        }
        events.clear();
        parser.feed(bytes, events);
        using K = PacketParser::Event::Kind;
        for (const auto& e : events) {
            switch (e.kind) {
                case K::Ack: break;
                case K::Nak: send_all(last_sent); break;
                // Ctrl-C while stopped: nothing runs to interrupt (as QEMU).
                case K::Interrupt: break;
                case K::Packet: {
                    if (!session.no_ack()) send_all("+");
                    Session::Reply r = session.handle_packet(e.data);
                    reply(r);
                    if (r.close) return session.killed() ? End::Killed : End::Detached;
                    break;
                }
                default:
                    if (!session.no_ack())
                        send_all(e.kind == K::BadChecksum || e.kind == K::Truncated ? "-" : "+");
                    reply(session.bad_packet(e.kind));
                    break;
            }
        }
    }
    target.detach();
    return session.exited() ? End::Exited : End::Disconnected;
}

}  // namespace irqsim::gdb
