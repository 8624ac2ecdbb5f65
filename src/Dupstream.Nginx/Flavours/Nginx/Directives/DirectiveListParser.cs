namespace Dupstream.Nginx.Flavours.Nginx.Directives;

/// <summary>
/// Checks a prefix or suffix label: it must be a sequence of <c>directive args;</c> statements whose
/// directives are on the allowlist, on one line, with nothing nginx would read as a block, a comment,
/// a quoted string or an escape. This is what keeps a label from injecting directives into the config.
/// </summary>
internal static class DirectiveListParser
{
    public const int MaxLength = 1024;

    /// <summary>Null when the text is acceptable, else the reason it is not.</summary>
    public static string? Check(string text, IReadOnlySet<string> allowedDirectives)
    {
        if (text.Length > MaxLength)
        {
            return $"is {text.Length} characters long; at most {MaxLength} are allowed.";
        }

        foreach (var c in text)
        {
            var problem = c switch
            {
                '\n' or '\r' => "contains a line break",
                '{' or '}' => "contains a brace",
                '#' => "contains '#' (a comment)",
                '"' or '\'' => "contains a quote",
                '\\' => "contains a backslash",
                _ when c > '~' => "contains a non-ASCII character",
                _ when c < ' ' && c != '\t' => "contains a control character",
                _ => null,
            };
            if (problem is not null)
            {
                return problem + ".";
            }
        }

        var statements = text.Split(';');
        for (var i = 0; i < statements.Length; i++)
        {
            var words = statements[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var isLast = i == statements.Length - 1;
            if (isLast)
            {
                if (words.Length > 0)
                {
                    return $"'{statements[i].Trim()}' does not end with ';'.";
                }

                break;
            }

            if (words.Length == 0)
            {
                return "contains an empty statement (';' without a directive).";
            }

            if (!allowedDirectives.Contains(words[0]))
            {
                return $"directive '{words[0]}' is not allowed in an upstream block (allowed: {string.Join(", ", allowedDirectives.Order(StringComparer.Ordinal))}).";
            }

            if (DirectiveArguments.Check(words[0], words[1..]) is { } argumentError)
            {
                return argumentError;
            }
        }

        return null;
    }

    /// <summary>The directive names of a text <see cref="Check"/> accepted, in order.</summary>
    public static IReadOnlyList<string> Directives(string text) =>
        text.Split(';').Select(statement => statement.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Where(words => words.Length > 0).Select(words => words[0]).ToList();
}
