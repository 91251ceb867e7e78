//! Seeds a running moto server with an emulated organization for `scripts/bench-scan.sh`: the
//! management account and N-1 members, each seeded in every given region (write operations, for
//! the benchmark only; never part of the library).
//!
//! Usage: `bench_seed ENDPOINT ACCOUNTS REGION[,REGION…]`

#[allow(dead_code, unreachable_pub)]
#[path = "../tests/support/seed.rs"]
mod seed;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, endpoint, accounts, regions] = args.as_slice() else {
        eprintln!("usage: bench_seed ENDPOINT ACCOUNTS REGION[,REGION…]");
        std::process::exit(2);
    };
    let accounts: usize = accounts.parse().expect("ACCOUNTS is a number");
    let regions: Vec<&str> = regions.split(',').collect();
    let sdk = seed::sdk(endpoint, "us-east-1");
    let names: Vec<String> = (1..accounts).map(|i| format!("member{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (_ou, members, _scp) = seed::seed_organization(&sdk, &names).await;
    let mut configs = vec![(seed::MANAGEMENT.to_owned(), sdk.clone())];
    for member in &members {
        configs.push((member.clone(), seed::as_account(&sdk, member, "OrganizationAccountAccessRole").await));
    }
    for (account, config) in &configs {
        for region in &regions {
            seed::seed_account(&seed::in_region(config, region), &format!("a{account}-{region}")).await;
        }
        seed::seed_budget(config, account).await;
    }
    println!("seeded {} accounts x {} regions", configs.len(), regions.len());
    println!("members: {}", members.join(","));
}
