using System.Net.Sockets;

namespace RedoxBuild.Net;

/// <summary>HTTP over a unix socket, as the Docker Engine API and Cloud Hypervisor's API server both speak it.</summary>
public static class UnixSocketHttp
{
    /// <summary>A handler whose every connection goes to <paramref name="socketPath"/>; the request URL's host is ignored.</summary>
    public static SocketsHttpHandler CreateHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
