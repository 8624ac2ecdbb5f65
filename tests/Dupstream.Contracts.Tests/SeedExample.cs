namespace Dupstream.Contracts.Tests;

/// <summary>The payload printed in the original dupstream README, byte for byte apart from white space.</summary>
internal static class SeedExample
{
    public const string Json = """
        {
          "nodes": [
            {
              "Id": "xvvpn493yqrvtove74o33o9sf",
              "Name": "linuxkit-025000000001",
              "Ip": "192.168.65.3"
            }
          ],
          "services": [
            {
              "Name": "nginx",
              "Ports": [
                {
                  "TargetPort": 80,
                  "PublishedPort": 9099
                }
              ],
              "Nodes": [
                "xvvpn493yqrvtove74o33o9sf"
              ],
              "Labels": {
                "mono.upstream.mode": "least_conn"
              }
            },
            {
              "Name": "redis",
              "Ports": [
                {
                  "TargetPort": 6397,
                  "PublishedPort": 2222
                }
              ],
              "Nodes": [
                "xvvpn493yqrvtove74o33o9sf"
              ],
              "Labels": {}
            }
          ]
        }
        """;
}
