using System.Text;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.RootTree;

/// <summary>A user as the image's /etc/passwd and /etc/shadow hold it.</summary>
public sealed record UserAccount(string Name, uint Uid, uint Gid, string RealName, string Home, string Shell, string PasswordHash);

/// <summary>A group as /etc/group holds it.</summary>
public sealed record UserGroup(string Name, uint Gid, IReadOnlyList<string> Members);

/// <summary>
/// The accounts of a profile, computed as upstream's installer does: users in name order; a missing uid takes the
/// next free one from 1000 and a missing gid the next free gid from 1000 (each explicit id above the counter moves
/// it); a missing real name is the user name, home /home/NAME, shell /bin/ion. Every user gets a group of its own
/// name and gid with itself as member; [groups] follow in name order, a missing gid taking the next free one.
/// Files use Redox's ';' separators.
/// </summary>
public sealed record UserDatabase(IReadOnlyList<UserAccount> Users, IReadOnlyList<UserGroup> Groups)
{
    public const uint FirstId = 1000;

    public static UserDatabase From(IEnumerable<UserEntry> users, IEnumerable<GroupEntry> groups, PasswordHashing hashing)
    {
        var (nextUid, nextGid) = (FirstId, FirstId);
        var accounts = new List<UserAccount>();
        var allGroups = new List<UserGroup>();
        foreach (var user in users.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            var uid = user.Uid ?? nextUid;
            if (uid >= nextUid) nextUid = uid + 1;
            var gid = user.Gid ?? nextGid;
            if (gid >= nextGid) nextGid = gid + 1;
            CheckField(user.Name, "user name", user);
            var account = new UserAccount(user.Name, uid, gid, user.RealName ?? user.Name, user.Home ?? $"/home/{user.Name}",
                user.Shell ?? "/bin/ion", hashing.Hash(user.Name, user.Password ?? ""));
            CheckField(account.RealName, "name", user);
            CheckField(account.Home, "home", user);
            CheckField(account.Shell, "shell", user);
            accounts.Add(account);
            allGroups.Add(new UserGroup(user.Name, gid, [user.Name]));
        }
        foreach (var group in groups.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            var gid = group.Gid ?? nextGid;
            if (gid >= nextGid) nextGid = gid + 1;
            allGroups.Add(new UserGroup(group.Name, gid, group.Members));
        }
        return new UserDatabase(accounts, allGroups);
    }

    /// <summary>name;uid;gid;realname;home;shell per line.</summary>
    public string Passwd => Lines(Users.Select(u => $"{u.Name};{u.Uid};{u.Gid};{u.RealName};{u.Home};{u.Shell}"));

    /// <summary>name;hash per line (an empty hash means no password).</summary>
    public string Shadow => Lines(Users.Select(u => $"{u.Name};{u.PasswordHash}"));

    /// <summary>name;x;gid;member,member per line.</summary>
    public string Group => Lines(Groups.Select(g => $"{g.Name};x;{g.Gid};{string.Join(',', g.Members)}"));

    private static string Lines(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append('\n');
        return text.ToString();
    }

    // A ';' or a newline would shift every later field of the line for whoever parses it.
    private static void CheckField(string value, string field, UserEntry user)
    {
        if (value.IndexOfAny([';', '\n', '\r']) >= 0)
            throw new ImageException($"[users.{user.Name}] ({user.Position}): the {field} \"{value}\" contains ';' or a line break, which /etc/passwd cannot hold");
    }
}
