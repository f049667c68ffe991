/* The ceiling for a UDP service on one core: a bare recvfrom/sendto loop that sends every
 * datagram back to its sender. bench/dictionary_protocols.sh runs it beside the dictionary's
 * UDP service to show how close the service comes.
 *   coronet-bench-udp-bare [PORT]    (0 or none: a free port; prints "udp listening on 127.0.0.1:PORT")
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char** argv) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons((unsigned short)(argc > 1 ? atoi(argv[1]) : 0));
    socklen_t length = sizeof address;
    if (fd < 0 || bind(fd, (struct sockaddr*)&address, sizeof address) != 0 ||
        getsockname(fd, (struct sockaddr*)&address, &length) != 0) {
        perror("udp socket");
        return 1;
    }
    printf("udp listening on 127.0.0.1:%u\n", ntohs(address.sin_port));
    fflush(stdout);
    char buffer[65536];
    for (;;) {
        struct sockaddr_in peer;
        socklen_t peer_length = sizeof peer;
        ssize_t n = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr*)&peer, &peer_length);
        if (n >= 0) sendto(fd, buffer, (size_t)n, 0, (struct sockaddr*)&peer, peer_length);
    }
}
