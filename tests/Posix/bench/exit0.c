// The static program posixbench's fork+execve figure runs: musl's start-up, then exit 0.
int main(void)
{
    return 0;
}
